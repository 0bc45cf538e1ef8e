"""The server-rendered pages: public sign-up and login, items, the account and the admin pages."""
