"""bench/locustfile.py, the journey `make loadtest` drives, run briefly against the app served live.

A few seconds with three people: enough to see every step of the journey answered, not a
measurement (`make bench` measures; docs/performance.md). Each run starts Locust afresh, a few
seconds of CPU, so there is one.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from .factories import PASSWORD, make_admin

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
STEPS = ("admin log in", "invite", "sign up", "log in", "create item", "events", "list items")


def _locust(
    project_root: Path, url: str, *, seconds: int = 3, **environment: str
) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "locust", "-f", str(project_root / "bench" / "locustfile.py"),
        "--headless", "--only-summary", "--host", url,
        "--users", "3", "--spawn-rate", "3", "--run-time", f"{seconds}s", "--stop-timeout", "2",
    ]  # fmt: skip
    return subprocess.run(  # noqa: S603 - our own locustfile
        command,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LOADTEST_WAIT_SECONDS": "0.1-0.3", **environment},
        check=False,
    )


def test_the_journey_runs_without_a_failure(
    live_server: str, session: Session, project_root: Path
) -> None:
    """Every step is answered, the summary has each with its percentiles, and nothing failed
    (Locust exits 1 on any failed request)."""
    admin = make_admin(session)

    result = _locust(
        project_root,
        live_server,
        LOADTEST_ADMIN_EMAIL=admin.email,
        LOADTEST_ADMIN_PASSWORD=PASSWORD,
        LOADTEST_EMAIL_DOMAIN="example.com",
    )

    summary = result.stdout + result.stderr
    assert result.returncode == 0, summary[-3000:]
    for step in STEPS:
        row = re.search(rf"^POST\s+{step}\s+(\d+)\s+(\d+)\(", summary, re.MULTILINE) or re.search(
            rf"^GET\s+{step}\s+(\d+)\s+(\d+)\(", summary, re.MULTILINE
        )
        assert row, f"no row for {step!r} in the summary:\n{summary[-3000:]}"
        assert int(row.group(1)) >= 1 and int(row.group(2)) == 0, row.group(0)
    assert "Response time percentiles" in summary
