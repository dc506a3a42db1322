"""`make test`: lint, then every suite in its own pytest process, against real PostgreSQL.

The server is TEST_POSTGRES_URL when set (CI: postgresql://postgres@127.0.0.1:5432);
otherwise a throwaway embedded PostgreSQL is started in a temporary folder and removed after.
Exits non-zero when lint or any suite fails. Pass suite names to run only those:
`make test SUITES="auth_service board_service"` or `.venv/bin/python scripts/test.py front`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ARTIFACTS = REPO_ROOT / "artifacts"
PYTEST_NO_TESTS_COLLECTED = 5  # pytest.ExitCode.NO_TESTS_COLLECTED

#: suite folder -> setup script(s) that install what it needs from registries (run when present)
SUITES = {
    "auth_service": None,
    "board_service": None,
    "comment_service": None,
    "sharing_service": None,
    "notification_service": None,
    "front": "scripts/install_browser.sh",
    "charts": ("scripts/install_helm.py", "scripts/install_checkov.py"),
}


def run(command: list[str], **kwargs) -> int:
    print(f"\n$ {' '.join(command)}", flush=True)
    return subprocess.run(command, check=False, **kwargs).returncode


def lint() -> bool:
    ok = run([str(BIN / "ruff"), "check", "."], cwd=REPO_ROOT) == 0
    return run([str(BIN / "ruff"), "format", "--check", "."], cwd=REPO_ROOT) == 0 and ok


def setup(scripts: str | tuple[str, ...] | None) -> bool:
    for script in (scripts,) if isinstance(scripts, str) else scripts or ():
        if not (REPO_ROOT / script).exists():
            continue
        command = [sys.executable, script] if script.endswith(".py") else ["bash", script]
        if run(command, cwd=REPO_ROOT) != 0:
            return False
    return True


def counts(junit: Path) -> tuple[int, int, int]:
    """(passed, failed, skipped) from a junit XML report."""
    if not junit.exists():
        return 0, 0, 0
    root = ET.parse(junit).getroot()  # noqa: S314 - our own pytest's report
    suites = [root] if root.tag == "testsuite" else list(root)
    total = failed = skipped = 0
    for suite in suites:
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return total - failed - skipped, failed, skipped


def main(selected: list[str]) -> int:
    started = time.monotonic()
    # A typo in SUITES= or a suite folder that lost its pytest.ini must not pass as "nothing failed".
    unknown = sorted(set(selected) - set(SUITES))
    if unknown:
        print(f"unknown suite(s): {', '.join(unknown)}; the suites are: {' '.join(SUITES)}", file=sys.stderr)
        return 2
    suites = [name for name in SUITES if not selected or name in selected]
    missing = [name for name in suites if not (REPO_ROOT / name / "pytest.ini").exists()]
    if missing:
        print(f"no pytest.ini in {', '.join(missing)}: those suites cannot run", file=sys.stderr)
        return 2
    env = dict(os.environ)
    embedded_dir = None
    if not env.get("TEST_POSTGRES_URL"):
        from kingdom.devstack import start_embedded_postgres

        embedded_dir = Path(tempfile.mkdtemp(prefix="thrift-test-pg-"))
        print(f"› starting a throwaway embedded PostgreSQL in {embedded_dir}")
        env["TEST_POSTGRES_URL"] = start_embedded_postgres(embedded_dir / "data")

    results: dict[str, str] = {}
    totals = [0, 0, 0]
    try:
        if not selected:
            results["lint"] = "ok" if lint() else "FAILED"
        junit_dir = ARTIFACTS / "junit"
        junit_dir.mkdir(parents=True, exist_ok=True)
        for name in suites:
            if not setup(SUITES[name]):
                results[name] = "FAILED (setup)"
                continue
            junit = junit_dir / f"{name}.xml"
            junit.unlink(missing_ok=True)
            code = run(
                [str(BIN / "pytest"), "-p", "no:cacheprovider", f"--junitxml={junit}"],
                cwd=REPO_ROOT / name,
                env=env,
            )
            passed, failed, skipped = counts(junit)
            totals = [totals[0] + passed, totals[1] + failed, totals[2] + skipped]
            # Exit 5 (no tests collected) is a failure too: a suite that runs nothing proves nothing.
            outcome = "no tests collected" if code == PYTEST_NO_TESTS_COLLECTED else f"pytest exit {code}"
            results[name] = "ok" if code == 0 else f"FAILED ({outcome})"
    finally:
        if embedded_dir is not None:
            from kingdom.devstack import stop_embedded_postgres

            stop_embedded_postgres(embedded_dir / "data")
            shutil.rmtree(embedded_dir, ignore_errors=True)

    print("\n" + "=" * 60)
    for name, outcome in results.items():
        print(f"  {name:<18} {outcome}")
    print(f"  wall time          {time.monotonic() - started:.0f}s")
    failed_suites = [name for name, outcome in results.items() if outcome != "ok"]
    print(f"tests: {totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
    return 1 if failed_suites or totals[1] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] + os.environ.get("SUITES", "").split()))
