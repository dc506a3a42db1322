"""What can be checked of the image without docker: its recipe, and that it matches the chart."""

from __future__ import annotations

import json
import re
import tomllib

import yaml

from .rendering import CHART, REPO_ROOT

DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text()
STAGES = re.split(r"^FROM ", DOCKERFILE, flags=re.MULTILINE)[1:]
FINAL = STAGES[-1]
VALUES = yaml.safe_load((CHART / "values.yaml").read_text())


def instructions(stage: str, keyword: str) -> list[str]:
    return [m.group(1) for m in re.finditer(rf"^{keyword} (.+)$", stage, flags=re.MULTILINE)]


def test_multi_stage_build_on_a_pinned_slim_python_within_the_supported_versions():
    assert len(STAGES) >= 2
    (base,) = re.findall(r"^ARG PYTHON_IMAGE=(\S+)$", DOCKERFILE, flags=re.MULTILINE)
    match = re.fullmatch(r"python:(3)\.(\d+)\.(\d+)-slim-\w+", base)
    assert match, f"{base} is not an exact, slim Python tag"
    minor = int(match.group(2))
    requires = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    low, high = (int(v) for v in re.findall(r"3\.(\d+)", requires))
    assert low <= minor < high, requires


def test_final_stage_has_no_compilers_and_runs_as_the_charts_non_root_user():
    for tool in ("gcc", "build-essential", "apt-get install", "pip install"):
        assert tool not in FINAL, tool
    (user,) = instructions(FINAL, "USER")
    uid, gid = (int(part) for part in user.split(":"))
    assert uid != 0
    assert (uid, gid) == (
        VALUES["podSecurityContext"]["runAsUser"],
        VALUES["podSecurityContext"]["runAsGroup"],
    )
    assert "COPY --from=build /opt/venv /opt/venv" in FINAL


def test_static_files_are_collected_at_build_time_and_gunicorn_is_execd():
    assert re.search(
        r"^RUN .*\n?.*thrift-entrypoint \"\$\{SERVICE\}\" collectstatic", FINAL, flags=re.MULTILINE
    )
    (entrypoint,) = instructions(FINAL, "ENTRYPOINT")
    assert json.loads(entrypoint) == ["/usr/local/bin/thrift-entrypoint"], "exec form: the script is PID 1"
    script = (REPO_ROOT / "docker" / "entrypoint.sh").read_text()
    assert 'exec gunicorn --config "python:$package.gunicorn_conf"' in script
    (port,) = instructions(FINAL, "EXPOSE")
    assert int(port) == VALUES["serviceDefaults"]["containerPort"]


def test_build_context_holds_only_the_packages_never_tests_or_local_state():
    rules = [r for r in (REPO_ROOT / ".dockerignore").read_text().splitlines() if r and not r.startswith("#")]
    assert rules[0] == "**", "exclude everything, then re-include what the image needs"
    included = {r[1:].rstrip("/") for r in rules if r.startswith("!")}
    packages = {"kingdom", "front", "auth_service", "board_service", "comment_service", "sharing_service"}
    assert packages <= included
    assert not included & {".venv", ".git", ".run", ".tools", "charts", "artifacts"}
    assert "**/tests/" in rules
    assert "**/.pytest_cache/" in rules, "each suite folder keeps one inside a package folder"
    for package in packages:
        assert f"COPY {package} ./{package}" in DOCKERFILE
