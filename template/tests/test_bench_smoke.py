"""The load benchmark's own machinery works (the benchmark itself runs with `make bench`)."""

from __future__ import annotations

import os

from bench import api


def test_the_load_generator_drives_a_server_within_its_bounds() -> None:
    server = api.Server(["bench.bare_app:app"], dict(os.environ))
    try:
        result = api.drive(server.port, "/healthz", {}, duration=0.3)
    finally:
        server.stop()
    assert result.requests > 0
    assert result.errors == 0
    assert result.seconds < 5
    assert 0 < result.percentile(0.5) <= result.percentile(0.99)
