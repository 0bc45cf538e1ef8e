"""The runner faked for the gates' tests: no tool runs, each answer is what a test queues."""

from __future__ import annotations

import pytest

from scripts.gates import core

from .fakes import FakeRunner


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> FakeRunner:
    fake = FakeRunner()
    monkeypatch.setattr(core, "run", fake)
    return fake
