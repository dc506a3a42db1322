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
    packages |= {"notification_service"}
    assert packages <= included
    assert not included & {".venv", ".git", ".run", ".tools", "charts", "artifacts"}
    assert "**/tests/" in rules
    assert "**/.pytest_cache/" in rules, "each suite folder keeps one inside a package folder"
    for package in packages:
        assert f"COPY {package} ./{package}" in DOCKERFILE


LOCK = REPO_ROOT / "docker" / "requirements.lock"


def locked_pins() -> dict[str, tuple[str, list[str]]]:
    """{canonical name: (version, hashes)} from the lock (requirement lines with continuations)."""
    from packaging.utils import canonicalize_name

    pins: dict[str, tuple[str, list[str]]] = {}
    text = re.sub(r"\\\n\s*", " ", LOCK.read_text())
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        requirement, *options = line.split(" --hash=")
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)(\s*;.*)?", requirement.strip())
        assert match, f"not an exact pin: {line[:80]}"
        pins[canonicalize_name(match.group(1))] = (match.group(2), [o.strip() for o in options])
    return pins


def test_the_images_dependencies_are_installed_from_a_lock_with_hashes_that_covers_pyproject():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = locked_pins()
    for package, (version, hashes) in pins.items():
        assert hashes, f"{package}=={version} has no hash"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), package
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    # every runtime dependency and the build backend (the image builds with --no-build-isolation)
    for declared in [*project["project"]["dependencies"], *project["build-system"]["requires"]]:
        requirement = Requirement(declared)
        package = canonicalize_name(requirement.name)
        assert package in pins, f"{declared} is not in {LOCK.name}: run scripts/lock_requirements.py"
        assert requirement.specifier.contains(pins[package][0], prereleases=True), (
            f"{declared} but the lock pins {pins[package][0]}: run scripts/lock_requirements.py"
        )
    assert "cryptography" in pins  # what djangorestframework-simplejwt[crypto] brings
    # the Dockerfile installs exactly that: hashes required, nothing resolved on the side
    build = STAGES[0]
    installs = [line for line in build.splitlines() if "pip install" in line]
    assert installs[0].strip().endswith("pip install --require-hashes --no-deps -r requirements.lock"), (
        installs
    )
    assert all("--no-deps" in line for line in installs), installs
    assert "--no-build-isolation" in installs[-1], "the build backend must come from the lock too"
    assert "docker/requirements.lock" in DOCKERFILE
    assert "!docker/requirements.lock" in (REPO_ROOT / ".dockerignore").read_text()
