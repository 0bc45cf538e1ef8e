"""Rate limits kept in the database, shared by every worker and task (no Redis needed)."""
