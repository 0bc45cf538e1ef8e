"""copier update migrations: one module per `_migrations` entry in copier.yml."""
