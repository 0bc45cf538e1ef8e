"""Invites: single-use, expiring codes that admins hand out to beta users."""
