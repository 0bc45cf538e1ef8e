"""The load benchmark's own machinery works (the benchmark itself runs with `make bench`)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import api


def _drive(port: int, case: api.Case, duration: float) -> api.Result:
    """The load in a thread of its own: it runs an event loop, and pytest-playwright's browser
    keeps one running in the main thread once a browser test has run in this process."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(api.drive, port, case, duration).result()


@pytest.mark.parametrize(
    ("target", "path"),
    [("bench.bare_app:app", "/healthz"), ("bench.bare_app:fastapi_app", "/hello")],
)
def test_the_load_generator_drives_a_server_within_its_bounds(target: str, path: str) -> None:
    server = api.Server([target], dict(os.environ))
    try:
        result = _drive(server.port, api.Case([target], path), duration=0.3)
    finally:
        server.stop()
    assert result.requests > 0
    assert result.errors == 0
    assert result.seconds < 5
    assert 0 < result.percentile(0.5) <= result.percentile(0.99)


def test_a_response_with_another_status_counts_as_an_error() -> None:
    target = "bench.bare_app:fastapi_app"
    server = api.Server([target], dict(os.environ))
    try:
        case = api.Case([target], "/hello", method="POST", body=b"{}", status=201)
        result = _drive(server.port, case, duration=0.2)
    finally:
        server.stop()
    assert result.requests == 0
    assert result.errors > 0


def test_the_server_cpu_per_request_is_measured() -> None:
    """CPU time per request, read from the server process, is reported beside req/s."""
    target = "bench.bare_app:fastapi_app"
    server = api.Server([target], dict(os.environ))
    try:
        before = server.cpu_seconds()
        result = _drive(server.port, api.Case([target], "/hello"), duration=0.3)
        after = server.cpu_seconds()
    finally:
        server.stop()
    if before is None or after is None:
        pytest.skip("no /proc on this system: the CPU time is not measured")
    result.server_cpu = after - before

    assert after > before
    assert result.cpu_us is not None
    assert 0 < result.cpu_us < 100_000


def _run(p99_ms: float) -> api.Result:
    return api.Result(requests=100, errors=0, seconds=1.0, latencies=[p99_ms / 1000] * 100)


def test_the_p99_ratio_pairs_each_round_with_its_baseline() -> None:
    """A burst of other work on one run spoils its round only; a slow tail in every round shows."""
    bare = [_run(10), _run(40)]  # the second round ran on a busy machine
    assert api.p99_ratio([_run(30), _run(80)], bare) == pytest.approx(2.0)
    assert api.p99_ratio([_run(500), _run(60)], bare) == pytest.approx(1.5)
    assert api.p99_ratio([_run(900), _run(1200)], bare) == pytest.approx(30.0)


def test_a_chosen_set_of_cases_keeps_the_baseline() -> None:
    planned = api.cases({"reader": "r", "writer": "w"})
    assert list(api.chosen(planned, frozenset({"items"}))) == [api.BASELINE, "items"]
    assert api.chosen(planned, frozenset()) == planned


def test_an_unknown_case_is_refused_with_the_known_ones(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["api.py", "--cases", "items,nope"])
    with pytest.raises(SystemExit) as exit_info:
        api.main()
    assert exit_info.value.code == 2
    assert "unknown case(s) nope; known: asgi, fastapi, healthz, items, create" in (
        capsys.readouterr().err
    )
