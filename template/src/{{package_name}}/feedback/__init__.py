"""Feedback: a signed-in user's rating and words about the page they were on, read by admins."""
