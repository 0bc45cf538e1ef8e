#!/usr/bin/env bash
# Smoke test of a running deployment. The deploy workflow runs it after every release; run it
# by hand against any environment, or against `make dev`:
#
#   scripts/smoke-test.sh https://app.example.com
#   scripts/smoke-test.sh http://127.0.0.1:8000
#
# It passes when /readyz answers 200 with the database reachable, and an API route answers
# through the app's error contract (401 with a request id when no token is sent), which proves
# the request reached this app and not a default page of the load balancer.
set -euo pipefail

base_url="${1:?usage: scripts/smoke-test.sh BASE_URL (for example https://app.example.com)}"
base_url="${base_url%/}"
retries="${SMOKE_RETRIES:-5}"

fail() {
  echo "smoke test FAILED: $*" >&2
  exit 1
}

ready="$(curl --silent --show-error --fail --max-time 10 --retry "$retries" --retry-all-errors \
  --retry-delay 3 "${base_url}/readyz")" || fail "GET ${base_url}/readyz did not answer 200"
case "$ready" in
  *'"database":"ok"'*) echo "ok: GET /readyz answered 200, database reachable" ;;
  *) fail "GET ${base_url}/readyz answered 200 without \"database\":\"ok\": ${ready}" ;;
esac

headers="$(mktemp)"
trap 'rm -f "$headers"' EXIT
status="$(curl --silent --max-time 10 --output /dev/null --dump-header "$headers" \
  --write-out '%{http_code}' "${base_url}/api/v1/users/me")" || fail "GET ${base_url}/api/v1/users/me did not answer"
[ "$status" = "401" ] || fail "GET /api/v1/users/me answered ${status}, expected 401 without a token"
grep -qi '^x-request-id: ' "$headers" || fail "GET /api/v1/users/me answered without an X-Request-ID header"
echo "ok: GET /api/v1/users/me answered 401 with a request id"
