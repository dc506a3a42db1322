"""schemathesis against a live API: does the published OpenAPI document tell the truth?

Each API's ``tests/integration/test_openapi_fuzz.py`` starts the services it needs with
:func:`kingdom.testing.live.live_stack` and runs :func:`fuzz` once per caller — anonymous, a
member, a guest and staff (:func:`callers`) — asserting no failure:

    for result in fuzz_every_caller(stack, "board"):
        assert result.failures == result.errors == 0, result.report

schemathesis reads ``/api/<svc>/schema`` from the running service and sends generated requests
(examples, coverage of every documented constraint, random fuzzing and stateful sequences built
from the documented links), checking each answer with :data:`CHECKS`. A failure is a document
that lies — or code that does: a 5xx, an answer the document does not describe, invalid input
accepted or valid input refused.

Sizes come from the environment so CI stays bounded and a developer can dig deeper:
``FUZZ_MAX_EXAMPLES`` (examples per operation and phase, default 10) and ``FUZZ_SEED``
(default fixed, so a CI failure is reproducible; ``random`` for a new seed each run).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

from kingdom.devstack import REPO_ROOT, Stack

#: what every answer is checked for (schemathesis check names)
CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
)
DEFAULT_MAX_EXAMPLES = 10
DEFAULT_SEED = 20261201
PASSWORD = "Fuzz-Kingdom-2026!"  # throwaway accounts in a throwaway stack


@dataclass(frozen=True)
class FuzzResult:
    """Totals of one schemathesis run, and its output to show when it failed."""

    label: str
    operations: int
    cases: int
    failures: int
    errors: int
    report: str

    def summary(self) -> str:
        return (
            f"{self.label}: {self.operations} operations, {self.cases} cases, "
            f"{self.failures} failures, {self.errors} errors"
        )


def _schemathesis() -> str:
    found = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    if not found:
        raise RuntimeError("schemathesis is not installed (it is in the dev extra: make install-dev)")
    return found


def _signed_in(response: requests.Response) -> dict[str, str]:
    assert response.status_code in (200, 201), response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


def callers(stack: Stack) -> dict[str, dict[str, str]]:
    """Request headers for each kind of caller: anonymous, a new member, a new guest, staff.

    Accounts are made through auth's API as a browser would; staff is the stack's superuser
    (``ensure_superuser``), so the stack must include ``auth``.
    """
    auth = stack.url("auth") + "/api/auth"
    name = f"fz{uuid.uuid4().hex[:10]}"
    member = requests.post(
        f"{auth}/signup",
        json={"username": name, "password": PASSWORD, "nickname": f"퍼즈{name[-4:]}"},
        timeout=30,
    )
    guest = requests.post(f"{auth}/guest", json={"nickname": f"손님{name[-4:]}"}, timeout=30)
    staff = requests.post(
        f"{auth}/login",
        json={"username": "admin", "password": stack.secrets["admin_password"]},
        timeout=30,
    )
    return {
        "anonymous": {},
        "member": _signed_in(member),
        "guest": _signed_in(guest),
        "staff": _signed_in(staff),
    }


def fuzz(
    stack: Stack,
    service: str,
    *,
    label: str,
    headers: dict[str, str] | None = None,
    max_examples: int | None = None,
    extra_args: tuple[str, ...] = (),
) -> FuzzResult:
    """Run schemathesis against ``service``'s published document; return the totals."""
    max_examples = max_examples or int(os.environ.get("FUZZ_MAX_EXAMPLES", DEFAULT_MAX_EXAMPLES))
    seed = os.environ.get("FUZZ_SEED", str(DEFAULT_SEED))
    report_dir = Path(tempfile.mkdtemp(prefix=f"fuzz-{service}-{label}-"))
    command = [
        _schemathesis(),
        "run",
        f"{stack.url(service)}/api/{service}/schema",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(max_examples),
        "--workers",
        "1",
        "--no-color",
        "--output-truncate",
        "true",
        "--generation-database",
        "none",
        "--report",
        "json",
        "--report-json-path",
        str(report_dir / "run.json"),
        *(["--seed", seed] if seed != "random" else []),
        *(arg for name, value in (headers or {}).items() for arg in ("--header", f"{name}: {value}")),
        *extra_args,
    ]
    try:
        # A run that never got going (the document not loaded, schemathesis stopped before any
        # operation) is no finding about the API: tried once more, then reported with its output.
        for _attempt in range(2):
            finished = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, check=False)
            path = report_dir / "run.json"
            run = json.loads(path.read_text()) if path.exists() else {}
            if run.get("operations") and run.get("test_cases"):
                break
        else:
            output = f"{finished.stdout[-6000:]}\n{finished.stderr[-6000:]}"
            raise AssertionError(f"schemathesis did not complete a run (report: {run}):\n{output}")
    finally:
        shutil.rmtree(report_dir, ignore_errors=True)
    output = finished.stdout + finished.stderr
    result = FuzzResult(
        label=f"{service} {label}",
        operations=run["operations"]["tested"],
        cases=run["test_cases"]["generated"],
        failures=run["test_cases"]["unique_failures"],
        errors=len(run["errors"]) + run["operations"]["errored"],
        report=output[-20000:],
    )
    # The totals are part of what a run proves: printed for the closing notes and CI logs.
    print(result.summary(), flush=True)
    return result


def fuzz_every_caller(stack: Stack, service: str, *, parallel: int = 2, **options) -> list[FuzzResult]:
    """:func:`fuzz` as each of :func:`callers`, ``parallel`` runs at a time (two cores go further)."""
    headers = callers(stack)
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        runs = [
            pool.submit(fuzz, stack, service, label=label, headers=caller, **options)
            for label, caller in headers.items()
        ]
        return [run.result() for run in runs]
