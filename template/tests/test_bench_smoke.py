"""The load benchmark's own machinery works (the benchmark itself runs with `make bench`)."""

from __future__ import annotations

import os

import pytest

from bench import api


@pytest.mark.parametrize(
    ("target", "path"),
    [("bench.bare_app:app", "/healthz"), ("bench.bare_app:fastapi_app", "/hello")],
)
def test_the_load_generator_drives_a_server_within_its_bounds(target: str, path: str) -> None:
    server = api.Server([target], dict(os.environ))
    try:
        result = api.drive(server.port, api.Case([target], path), duration=0.3)
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
        result = api.drive(server.port, case, duration=0.2)
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
        result = api.drive(server.port, api.Case([target], "/hello"), duration=0.3)
        after = server.cpu_seconds()
    finally:
        server.stop()
    if before is None or after is None:
        pytest.skip("no /proc on this system: the CPU time is not measured")
    result.server_cpu = after - before

    assert after > before
    assert result.cpu_us is not None
    assert 0 < result.cpu_us < 100_000
