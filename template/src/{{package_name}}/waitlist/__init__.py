"""The waitlist: people who asked for an invite, until an admin invites them or they leave."""
