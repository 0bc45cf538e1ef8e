"""`make gates`: run every quality gate, print a scorecard and write gates.json.

Each gate is a list of checks; each check is a command that can fail. A check that cannot
run here (a tool or service is missing) is SKIP with the reason and what to install, never
PASS. A gate is FAIL if any check fails, else SKIP if any check skipped, else PASS.
`make gates` exits 0 only when every gate passes, unless the skipped checks are named in
ALLOW_SKIP (a comma-separated list of check names, e.g. ALLOW_SKIP=audit).

core.py holds the checks and the runner, scorecard.py the report, cli.py the entry point;
every other module is one gate (suite.py both coverage and tests: one pytest run).
"""
