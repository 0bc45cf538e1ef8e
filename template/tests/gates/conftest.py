"""The runner faked for the gates' tests: no tool runs, each answer is what a test queues."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.gates import core

from .fakes import FakeRunner


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeRunner:
    fake = FakeRunner()
    monkeypatch.setattr(core, "run", fake)
    monkeypatch.setattr(core, "LOGS", tmp_path / "gates")
    return fake
