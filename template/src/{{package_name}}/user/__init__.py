"""Users: sign-up with an invite code, login, and the current user."""
