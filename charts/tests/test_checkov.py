"""checkov (`--framework kubernetes`) on the rendered chart: nothing beyond charts/checkov-skips.yaml.

The scenarios that matter are rendered once each and checked by one checkov run; every finding
left must be listed, with its justification, in the skip file, and every entry there must still
find something, so the file never hides a fixed finding or a new one.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .rendering import CHART, NAMESPACE, RELEASE, REPO_ROOT, helm

SKIP_FILE = REPO_ROOT / "charts" / "checkov-skips.yaml"
CHECKOV = REPO_ROOT / ".tools" / "checkov" / "bin" / "checkov"
SKIPS = yaml.safe_load(SKIP_FILE.read_text())


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> list[tuple[str, str, str]]:
    """(scenario, check id, resource) of every failed check."""
    if not CHECKOV.exists():
        subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "install_checkov.py")], check=True)
    folder = tmp_path_factory.mktemp("rendered")
    for scenario in SKIPS["scenarios"]:
        values = CHART / "ci" / f"{scenario}-values.yaml"
        result = helm("template", RELEASE, str(CHART), "--namespace", NAMESPACE, "-f", str(values))
        assert result.returncode == 0, result.stderr
        (folder / f"{scenario}.yaml").write_text(result.stdout)
    run = subprocess.run(
        [str(CHECKOV), "-d", str(folder), "--framework", "kubernetes", "--output", "json", "--quiet",
         "--compact", "--skip-download"],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    report = json.loads(run.stdout)
    reports = report if isinstance(report, list) else [report]
    kubernetes = [r for r in reports if r["check_type"] == "kubernetes"]
    assert kubernetes, run.stdout[:2000] + run.stderr[-2000:]
    resources = sum(r["summary"]["resource_count"] for r in kubernetes)
    assert resources > 100, "checkov saw too few objects: did the render reach it?"
    return [
        (Path(failed["file_path"]).stem, failed["check_id"], failed["resource"])
        for r in kubernetes
        for failed in r["results"]["failed_checks"]
    ]


def skip_for(check: str, resource: str) -> dict | None:
    for skip in SKIPS["skips"]:
        if skip["check"] == check and any(fnmatch.fnmatchcase(resource, g) for g in skip["resources"]):
            return skip
    return None


def test_checkov_finds_nothing_the_skip_file_does_not_justify(findings):
    new = sorted(
        {
            (check, resource, scenario)
            for scenario, check, resource in findings
            if not skip_for(check, resource)
        }
    )
    assert not new, "checkov findings without a justification in charts/checkov-skips.yaml:\n" + "\n".join(
        f"{check} {resource} ({scenario})" for check, resource, scenario in new
    )


def test_every_skip_is_justified_and_still_needed(findings):
    for skip in SKIPS["skips"]:
        assert len(skip["why"].split()) >= 15, f"{skip['check']}: say why"
        used = [f for f in findings if f[1] == skip["check"] and skip_for(f[1], f[2]) is skip]
        assert used, f"{skip['check']} ({skip['resources']}) no longer finds anything: remove it"
