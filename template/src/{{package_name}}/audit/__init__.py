"""The audit log: who changed which account or invite, and when (admin actions only)."""
