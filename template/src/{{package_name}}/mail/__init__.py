"""E-mail: messages rendered from templates, queued as jobs, sent by the worker through the
transport that EMAIL_URL names (console, file, SMTP or Amazon SES).
"""
