"""Render the chart with the pinned helm binary and look objects up in the result."""

from __future__ import annotations

import functools
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
CHART = REPO_ROOT / "charts" / "thrift-kingdom"
CI_VALUES = sorted((CHART / "ci").glob("*-values.yaml"))
HELM = REPO_ROOT / ".tools" / "bin" / "helm"
RELEASE = "tk"
NAMESPACE = "thrift"
#: Kubernetes minors the objects must be valid for: the chart's floor and the newest schemas.
KUBERNETES_VERSIONS = ("1.30.0", "1.37.0")


#: The tests render without a cluster, where the chart refuses to generate its Secret unless told
#: to (README "GitOps"); the tests of that refusal pass ``without_cluster_secrets=False``.
ACCEPT_SECRETS_WITHOUT_CLUSTER = ("--set", "secrets.generateWithoutCluster=true")


def helm(*args: str, without_cluster_secrets: bool = True) -> subprocess.CompletedProcess:
    if without_cluster_secrets and args and args[0] in ("template", "install", "lint"):
        args = (*args, *ACCEPT_SECRETS_WITHOUT_CLUSTER)
    if not HELM.exists():
        subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "install_helm.py")], check=True)
    return subprocess.run([str(HELM), *args], capture_output=True, text=True, check=False)


@dataclass(frozen=True)
class Manifest:
    objects: tuple[dict, ...]

    def of_kind(self, kind: str) -> list[dict]:
        return [o for o in self.objects if o["kind"] == kind]

    def get(self, kind: str, name: str) -> dict:
        matches = [o for o in self.of_kind(kind) if o["metadata"]["name"] == name]
        assert matches, f"no {kind} {name}; have {[o['metadata']['name'] for o in self.of_kind(kind)]}"
        return matches[0]

    def names(self, kind: str) -> set[str]:
        return {o["metadata"]["name"] for o in self.of_kind(kind)}

    def pod_templates(self) -> list[tuple[dict, dict]]:
        """(workload, pod template) for every Deployment, StatefulSet and CronJob."""
        pods = [
            (o, o["spec"]["template"]) for o in self.objects if o["kind"] in ("Deployment", "StatefulSet")
        ]
        pods += [(o, o["spec"]["jobTemplate"]["spec"]["template"]) for o in self.of_kind("CronJob")]
        return pods


@functools.cache
def render(*values_files: Path, sets: tuple[str, ...] = ()) -> Manifest:
    args = ["template", RELEASE, str(CHART), "--namespace", NAMESPACE]
    for path in values_files:
        args += ["-f", str(path)]
    for assignment in sets:
        args += ["--set", assignment]
    result = helm(*args)
    assert result.returncode == 0, result.stderr
    return Manifest(tuple(o for o in yaml.safe_load_all(result.stdout) if o))


def name(component: str) -> str:
    """Object name of a component in the test release (`board` → `tk-thrift-kingdom-board`)."""
    return f"{RELEASE}-thrift-kingdom-{component}"


def env_of(container: dict) -> dict[str, dict]:
    return {item["name"]: item for item in container.get("env", [])}
