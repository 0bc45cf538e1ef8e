"""Copier tasks for copier-mvp: side effects only, each module importable and tested."""
