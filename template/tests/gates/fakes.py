"""A fake for core.run: the gates' tests run no tool."""

from __future__ import annotations

from scripts.gates import core


class FakeRunner:
    """Stands in for core.run: records each command and answers with the queued result."""

    def __init__(self) -> None:
        self.commands: list[list[str]] = []
        self.answers: list[core.Result] = []

    def __call__(self, command: list[str], *, timeout: float = 1800) -> core.Result:  # noqa: ARG002
        self.commands.append(command)
        return self.answers.pop(0) if self.answers else core.Result(0, "")
