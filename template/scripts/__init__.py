"""The project's scripts; a package so that `python -m scripts.gates` runs from the root."""
