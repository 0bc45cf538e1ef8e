"""A fake for core.run: the gates' tests run no tool."""

from __future__ import annotations

from collections.abc import Callable

from scripts.gates import core

Answer = core.Result | Callable[[list[str]], core.Result]


class FakeRunner:
    """Stands in for core.run: records each command and answers with the queued result."""

    def __init__(self) -> None:
        self.commands: list[list[str]] = []
        self.answers: list[Answer] = []

    def __call__(self, command: list[str], *, timeout: float = 1800) -> core.Result:
        self.commands.append(command)
        answer = self.answers.pop(0) if self.answers else core.Result(0, "")
        return answer(command) if callable(answer) else answer
