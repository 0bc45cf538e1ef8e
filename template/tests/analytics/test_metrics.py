"""/metrics: requests by route template, and the analytics counters."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ..factories import auth_headers, make_member


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
