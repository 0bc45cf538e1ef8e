"""Property-based tests over the whole OpenAPI schema: no 5xx, every response as documented.

Schemathesis generates valid and invalid requests for every operation. It runs on both
databases because that is where defects hide: PostgreSQL refuses NUL characters and integers
beyond its range, which SQLite would store.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings, strategies
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from .factories import auth_headers, make_admin, make_invite, make_member

# Invalid requests are generated too, to look for 5xx. `negative_data_rejection` is left out:
# it counts an ignored unknown query parameter, which HTTP APIs conventionally tolerate, as a
# failure, and our own Authorization header defeats its "header missing" cases. Strict bodies
# are checked in each domain's router tests instead.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


# Operations that end the fuzzer's own session run last, so the others run signed in.
SIGNS_OUT = {("DELETE", "/api/v1/users/me"), ("POST", "/api/v1/auth/logout"),
             ("POST", "/api/v1/auth/logout-everywhere")}  # fmt: skip


@pytest.mark.parametrize(("who", "examples"), [("admin", 40), ("member", 15)])
def test_every_operation_conforms_to_the_schema(
    app: FastAPI, client: TestClient, session: Session, who: str, examples: int
) -> None:
    """As an admin every operation is reachable; as a member the admin ones must refuse cleanly."""
    make_admin(session)
    member = make_member(session, email="member@example.com")
    make_invite(session, email="invited@example.com")
    email = "admin@example.com" if who == "admin" else member.email
    headers = auth_headers(client, email=email)
    client.post("/api/v1/items", json={"name": "Lamp"}, headers=headers)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    operations.sort(key=lambda operation: (operation.method.upper(), operation.path) in SIGNS_OUT)
    assert len(operations) == len(results), "the OpenAPI schema has invalid operations"
    assert len(operations) >= 10

    for operation in operations:
        strategy = strategies.one_of(
            *(operation.as_strategy(generation_mode=mode) for mode in MODES)
        )

        @given(case=strategy)
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()


@pytest.mark.parametrize("path", ["/openapi.json", "/docs"])
def test_api_documentation_is_served(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_the_schema_says_request_text_cannot_hold_nul(client: TestClient) -> None:
    """The models refuse NUL (PostgreSQL cannot store it); the schema says so, so a client or a
    fuzzer that follows the schema is never refused for text the schema allowed.
    """
    schema = client.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    bodies = {
        content["schema"]["$ref"].rsplit("/", 1)[1]
        for path in schema["paths"].values()
        for operation in path.values()
        for content in operation.get("requestBody", {}).get("content", {}).values()
        if "$ref" in content["schema"]
    }
    free_text = [
        (body, name, variant)
        for body in sorted(bodies)
        for name, prop in components[body].get("properties", {}).items()
        for variant in prop.get("anyOf", [prop])
        if variant.get("type") == "string" and "format" not in variant
    ]

    assert len(free_text) >= 5, free_text
    for body, name, variant in free_text:
        assert "pattern" in variant, f"{body}.{name} has no pattern"
        assert re.search(variant["pattern"], "a\x00b") is None, f"{body}.{name} allows NUL"
