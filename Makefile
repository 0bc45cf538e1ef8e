# copier-mvp: the template's own tasks. `make test` is the command CI runs.

export UV_PYTHON_DOWNLOADS ?= never
UV ?= uv
RUN := $(UV) run --no-sync

.DEFAULT_GOAL := help
.PHONY: help install test test-fast lint format bench bench-copier docs

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

install: ## Create .venv with copier, pytest-copie and the linters
	$(UV) sync

test: install ## Every tier: questions, render matrix, hooks, generated projects' own gates
	$(RUN) pytest -n 2 --dist loadgroup --no-loadscope-reorder --durations=25

test-fast: install ## Tier 1 only: about 35 s on two workers
	$(RUN) pytest -m "not slow" -n 2

bench: install ## Time copier copy of the full template against a one-file template (ratio)
	$(RUN) python bench/generation.py --rounds 9

bench-copier: install ## Reproduce Copier's per-file git call and per-part Jinja compile (about 15 s)
	$(RUN) python bench/copier_overheads.py

lint: install ## ruff over the template's own Python
	$(RUN) ruff check extensions hooks tests bench scripts
	$(RUN) ruff format --check extensions hooks tests bench scripts

docs: install ## Rewrite docs/questions.md from copier.yml (a test fails when it is stale)
	$(RUN) python scripts/questions_doc.py

format: install
	$(RUN) ruff check --fix extensions hooks tests scripts
	$(RUN) ruff format extensions hooks tests scripts
