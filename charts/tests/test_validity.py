"""The chart lints clean, installs (client dry run) and renders only objects the APIs accept."""

from __future__ import annotations

import importlib
import re
import tarfile

import kubernetes_validate
import pytest
import yaml

from .rendering import CHART, CI_VALUES, KUBERNETES_VERSIONS, NAMESPACE, RELEASE, helm, render

#: Istio kinds → cloudcoil model module (Istio's own API types, generated from its CRDs).
ISTIO_MODELS = {
    ("networking.istio.io/v1", "Gateway"): "cloudcoil.models.istio.networking.v1",
    ("networking.istio.io/v1", "VirtualService"): "cloudcoil.models.istio.networking.v1",
    ("networking.istio.io/v1", "DestinationRule"): "cloudcoil.models.istio.networking.v1",
    ("networking.istio.io/v1", "ServiceEntry"): "cloudcoil.models.istio.networking.v1",
    ("networking.istio.io/v1", "Sidecar"): "cloudcoil.models.istio.networking.v1",
    ("security.istio.io/v1", "PeerAuthentication"): "cloudcoil.models.istio.security.v1",
    ("security.istio.io/v1", "AuthorizationPolicy"): "cloudcoil.models.istio.security.v1",
    ("security.istio.io/v1", "RequestAuthentication"): "cloudcoil.models.istio.security.v1",
}

values_files = pytest.mark.parametrize("values", CI_VALUES, ids=lambda p: p.name)


def is_istio(obj: dict) -> bool:
    return obj["apiVersion"].split("/")[0].endswith("istio.io")


def unknown_fields(given, understood, path: str = "") -> list[str]:
    """Paths present in `given` that the model dropped (pydantic ignores unknown keys)."""
    if isinstance(given, dict):
        found = []
        for key, value in given.items():
            if not isinstance(understood, dict) or key not in understood:
                found.append(f"{path}.{key}")
            else:
                found += unknown_fields(value, understood[key], f"{path}.{key}")
        return found
    if isinstance(given, list) and isinstance(understood, list):
        return [
            p
            for i, (g, u) in enumerate(zip(given, understood, strict=True))
            for p in unknown_fields(g, u, f"{path}[{i}]")
        ]
    return []


@values_files
def test_helm_lint_strict_is_clean(values):
    result = helm("lint", "--strict", str(CHART), "--namespace", NAMESPACE, "-f", str(values))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[WARNING]" not in result.stdout, result.stdout
    assert "[ERROR]" not in result.stdout, result.stdout


@values_files
def test_client_dry_run_install_succeeds(values):
    result = helm(
        "install", RELEASE, str(CHART), "--dry-run=client", "--namespace", NAMESPACE, "-f", str(values)
    )
    assert result.returncode == 0, result.stderr
    assert "STATUS: pending-install" in result.stdout


@values_files
@pytest.mark.parametrize("kubernetes_version", KUBERNETES_VERSIONS)
def test_every_core_object_is_valid_kubernetes(values, kubernetes_version):
    core = [o for o in render(values).objects if not is_istio(o)]
    assert core
    errors = []
    for obj in core:
        try:
            kubernetes_validate.validate(obj, kubernetes_version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            errors.append(f"{obj['kind']}/{obj['metadata']['name']}: {exc.message} at {list(exc.path)}")
    assert not errors, "\n".join(errors)


@values_files
def test_every_istio_object_is_valid_against_istio_models(values):
    errors = []
    for obj in (o for o in render(values).objects if is_istio(o)):
        key = (obj["apiVersion"], obj["kind"])
        assert key in ISTIO_MODELS, f"no model for {key}"
        model = getattr(importlib.import_module(ISTIO_MODELS[key]), obj["kind"])
        parsed = model.model_validate(obj)
        understood = parsed.model_dump(by_alias=True, exclude_unset=True, mode="json")
        errors += [
            f"{obj['kind']}/{obj['metadata']['name']}: unknown field {p}"
            for p in unknown_fields(obj, understood)
        ]
    assert not errors, "\n".join(errors)


def test_istio_off_renders_no_istio_objects_and_no_mesh_annotations():
    manifest = render(CHART / "ci" / "istio-off-values.yaml")
    assert not [o for o in manifest.objects if is_istio(o)]
    for _, pod in manifest.pod_templates():
        assert not any(
            k.startswith(("sidecar.istio.io", "proxy.istio.io"))
            for k in pod["metadata"].get("annotations", {})
        )
        assert "sidecar.istio.io/inject" not in pod["metadata"]["labels"]


def test_unknown_value_is_rejected_by_the_schema():
    result = helm("template", RELEASE, str(CHART), "--set", "services.board.replicaCont=2")
    assert result.returncode != 0
    assert "replicaCont" in result.stderr
    assert "not allowed" in result.stderr


def test_misspelt_toggle_is_rejected_by_the_schema():
    result = helm("template", RELEASE, str(CHART), "--set", "istio.enbled=false")
    assert result.returncode != 0
    assert "enbled" in result.stderr


def test_wrong_type_is_rejected_by_the_schema():
    result = helm(
        "template", RELEASE, str(CHART), "--set-string", "serviceDefaults.autoscaling.minReplicas=three"
    )
    assert result.returncode != 0
    assert "minReplicas" in result.stderr
    assert "want integer" in result.stderr


def test_external_database_without_a_password_secret_is_refused():
    result = helm(
        "template", RELEASE, str(CHART),
        "--set", "services.board.database.external.enabled=true",
        "--set", "services.board.database.external.host=db.example.internal",
    )  # fmt: skip
    assert result.returncode != 0
    assert "existingSecret" in result.stderr


def test_values_file_documents_every_value():
    """Each key has a comment right above it, or sits inside a documented block (securityContext…)."""
    lines = (CHART / "values.yaml").read_text().splitlines()
    documented: dict[int, bool] = {}
    undocumented = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "- ")) or ":" not in stripped:
            continue
        indent = len(line) - len(line.lstrip())
        previous = next((lines[i].strip() for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        parent = next(
            (
                i
                for i in range(index - 1, -1, -1)
                if i in documented and len(lines[i]) - len(lines[i].lstrip()) < indent
            ),
            None,
        )
        documented[index] = previous.startswith("#") or (parent is not None and documented[parent])
        if not documented[index]:
            undocumented.append(f"{index + 1}: {stripped}")
    assert not undocumented, "values without a comment:\n" + "\n".join(undocumented)


def test_schema_file_is_valid_json_schema():
    schema = yaml.safe_load((CHART / "values.schema.json").read_text())
    assert schema["additionalProperties"] is False
    assert schema["definitions"]["service"]["additionalProperties"] is False


def test_clusters_older_than_the_supported_kubernetes_are_refused():
    result = helm("template", RELEASE, str(CHART), "--kube-version", "1.29.0")
    assert result.returncode != 0
    assert "kubeVersion" in result.stderr or "1.29" in result.stderr


def test_chart_packages_without_its_ci_scenarios(tmp_path):
    result = helm("package", str(CHART), "--destination", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (package,) = tmp_path.glob("thrift-kingdom-*.tgz")
    with tarfile.open(package) as archive:
        names = archive.getnames()
    assert "thrift-kingdom/values.schema.json" in names
    assert "thrift-kingdom/README.md" in names
    assert not [n for n in names if "/ci/" in n]


def test_readme_table_has_a_row_for_every_value():
    """Each value (or a block it belongs to) has a row in the README's table of values."""
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    rows = set(re.findall(r"^\| `([^`]+)` \|", (CHART / "README.md").read_text(), flags=re.MULTILINE))
    # blocks the README describes as a whole, above the table
    described = ("podSecurityContext", "containerSecurityContext", "services")
    described += ("serviceDefaults.resources", "serviceDefaults.worker.resources", "postgresql.resources")

    def leaves(block: dict, prefix: str = ""):
        for key, value in block.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict) and value:
                yield from leaves(value, f"{path}.")
            else:
                yield path

    missing = []
    for path in leaves(values):
        parts = path.split(".")
        ancestors = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
        if not ancestors & (rows | set(described)):
            missing.append(path)
    assert not missing, f"no README row for {missing}"
