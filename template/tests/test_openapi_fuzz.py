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
from schemathesis import auths
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy.orm import Session

from .factories import PASSWORD, make_admin, make_invite, make_member

# Every check schemathesis has, none left out. Two follow a resource across calls
# (`use_after_free`, `ensure_resource_availability`) and act only in a stateful run.
load_all_checks()
EVERY_CHECK = list(CHECKS.get_all())
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]

# Facts a JSON Schema cannot state, so schema-valid data can meet them: a password from the
# list of common ones, an address at a special-use domain (`.test`, `.local`) no mail reaches,
# a reset token that was never issued (like an id that does not exist, which answers 404).
# An answer naming only these is right for a valid-looking request; any other refusal of
# schema-valid data still fails `positive_data_acceptance`.
_RULES_BEYOND_THE_SCHEMA = ("common_password", "special-use or reserved name")
_STATE_BEYOND_THE_SCHEMA = {(400, "invalid_reset_link")}


def _refused_for_facts_beyond_the_schema(response: Any) -> bool:
    if response.status_code not in (400, 422):
        return False
    error = response.json()["error"]
    if (response.status_code, error["code"]) in _STATE_BEYOND_THE_SCHEMA:
        return True
    rules = _RULES_BEYOND_THE_SCHEMA
    return response.status_code == 422 and all(
        any(rule == detail["type"] or rule in detail["message"] for rule in rules)
        for detail in error["details"]
    )


# Operations that end the fuzzer's own session run last, so the others run signed in.
SIGNS_OUT = {("DELETE", "/api/v1/users/me"), ("POST", "/api/v1/auth/logout"),
             ("POST", "/api/v1/auth/logout-everywhere")}  # fmt: skip


def _operations(app: FastAPI, client: TestClient, session: Session, who: str) -> list[Any]:
    """Every operation of a schema that calls as `who`: an admin, a member or anonymous."""
    make_admin(session)
    make_member(session, email="member@example.com")
    make_invite(session, email="invited@example.com")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    if who != "anonymous":
        email = f"{who}@example.com"
        token = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
        assert token.status_code == 200, token.text
        client.post("/api/v1/items", json={"name": "Lamp"}, headers=_bearer(token.json()))

        # Registered as the schema's auth, not sent as a header of our own: schemathesis then
        # leaves it out of the cases that test a missing Authorization, and `ignored_auth`
        # knows what to strip.
        @schema.auth()
        class _SignedIn:
            def get(self, _case: Any, _context: Any) -> str:
                return str(token.json()["access_token"])

            def set(self, case: Any, data: str, _context: Any) -> None:
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    operations.sort(key=lambda operation: (operation.method.upper(), operation.path) in SIGNS_OUT)
    assert len(operations) == len(results), "the OpenAPI schema has invalid operations"
    assert len(operations) >= 10
    return operations


def _bearer(token: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {token['access_token']}"}


def _call_and_check(case: Any) -> None:
    response = case.call()
    excluded = [positive_data_acceptance] if _refused_for_facts_beyond_the_schema(response) else []
    case.validate_response(response, checks=EVERY_CHECK, excluded_checks=excluded)


# The examples per operation: every check runs on every operation for each caller, on both
# databases, in every `make test`; the admin reaches most operations, so more of theirs.
# The fuzzers assert conformance, not coverage: coverage.py pauses for them (`no_cover`), which
# halves their time, and the coverage gate counts the lines the example-based tests reach.
@pytest.mark.no_cover
@pytest.mark.parametrize(("who", "examples"), [("admin", 12), ("member", 8), ("anonymous", 8)])
def test_every_operation_conforms_to_the_schema(
    app: FastAPI, client: TestClient, session: Session, who: str, examples: int
) -> None:
    """Every check on every operation, as an admin, a member and an anonymous caller."""
    failures: list[str] = []
    for operation in _operations(app, client, session, who):
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
            _call_and_check(case)

        try:
            check()
        except (AssertionError, FailureGroup) as failure:  # every operation's, then one report
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)


# Its cases are methods, headers, parameters and boundary values, which are refused or answered
# before any query, the same on both databases: SQLite's run is enough.
@pytest.mark.no_cover
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("who", ["admin", "anonymous"])
def test_every_operation_passes_the_coverage_phase(
    app: FastAPI, client: TestClient, session: Session, who: str
) -> None:
    """Schemathesis' coverage phase: each boundary value, each missing parameter, and each
    method an operation does not serve (TRACE included), which `unsupported_method`,
    `allow_header_conformance` and `missing_required_header` check and random cases never send.
    """
    failures: list[str] = []
    count = 0
    for operation in _operations(app, client, session, who):
        schema = operation.schema
        context = auths.AuthContext(operation=operation, app=operation.app)
        generation = schema.config.generation_for(operation=operation)
        for case in schema.iter_coverage_cases(
            operation, generation_modes=MODES, generation_config=generation
        ):
            auths.set_on_generated_case(case, context, None)  # the schema's auth, as above
            count += 1
            try:
                _call_and_check(case)
            except (AssertionError, FailureGroup) as failure:
                failures.append(f"{operation.label}: {failure}")
    assert count > 500, count
    assert not failures, "\n\n".join(failures[:10])


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
