"""/metrics: requests by route template, and the analytics counters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ..factories import auth_headers, make_member


@pytest.fixture
def client(own_app: FastAPI) -> Iterator[TestClient]:
    """A client of a new app: the run's shared app counts every other test's requests too."""
    with TestClient(own_app) as client:
        yield client


def test_metrics_count_requests_by_route_template(client: TestClient, session: Session) -> None:
    headers = auth_headers(client, email=make_member(session).email)
    client.get("/api/v1/items/123", headers=headers)
    client.post("/api/v1/events", json={"events": [{"name": "nope"}]})

    text = client.get("/metrics").text

    assert (
        'http_requests_total{method="GET",route="/api/v1/items/{item_id}",status="404"} 1.0' in text
    )
    assert "http_request_duration_seconds_bucket" in text
    assert "analytics_events_rejected_total 1.0" in text
    assert "analytics_outbox_depth 1.0" in text  # the login event, not yet forwarded
    assert "analytics_events_forwarded 0.0" in text
    assert "analytics_events_failing 0.0" in text


def test_metrics_are_not_served_through_the_load_balancer(client: TestClient) -> None:
    """The load balancer adds X-Forwarded-For to every request; Prometheus, inside the network,
    scrapes the task directly. A percent-encoded path (/%6detrics) that slipped past the
    listener's rule still meets this refusal.
    """
    for path in ("/metrics", "/%6detrics"):
        response = client.get(path, headers={"X-Forwarded-For": "198.51.100.7"})
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
        assert "http_requests_total" not in response.text
    assert client.get("/metrics").status_code == 200
