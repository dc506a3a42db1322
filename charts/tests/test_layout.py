"""Every API service is laid out the same way, so learning one teaches them all.

The layout (README "Architecture", docs/architecture.md): a service folder holds its Django
project (``config/``), the same run and test files, and apps; every app has the same modules with
the same roles — ``models``, ``services`` (writes, owning their transactions), ``selectors``
(reads), ``access`` (lookup plus permission), thin ``apis`` (views owning their serializers),
``admin`` (writing through services) and ``urls`` — and the tests mirror that.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kingdom.devstack import SERVICES

from .rendering import REPO_ROOT

API_SERVICES = [spec for spec in SERVICES if spec.database]

SERVICE_FILES = (
    "README.md",
    "pytest.ini",
    "conftest.py",
    "manage.py",
    "gunicorn_conf.py",
    "config/settings.py",
    "config/test_settings.py",
    "config/urls.py",
    "config/wsgi.py",
)
APP_MODULES = ("models", "services", "selectors", "access", "apis", "admin", "urls")
TEST_ENTRIES = (
    "apis",
    "services",
    "integration",
    "test_admin.py",
    "test_openapi.py",
    "test_service_contract.py",
)


def apps_of(package: str) -> list[Path]:
    """The Django apps of a service: its folders with an ``apps.py`` (not the project, ``config``)."""
    root = REPO_ROOT / package
    return sorted(path.parent for path in root.glob("*/apps.py") if path.parent.name != "config")


def module_exists(app: Path, name: str) -> bool:
    return (app / f"{name}.py").is_file() or (app / name / "__init__.py").is_file()


def app_ids() -> list[tuple[str, Path]]:
    return [(spec.package, app) for spec in API_SERVICES for app in apps_of(spec.package)]


def sources(app: Path, name: str) -> list[Path]:
    package = app / name
    return sorted(package.glob("*.py")) if package.is_dir() else [app / f"{name}.py"]


#: a write straight on a queryset (``Post.objects.filter(...).update(...)``, ``queryset.delete()``)
QUERYSET = re.compile(r"\bobjects\b|\bqueryset\b|\.(filter|exclude|all)\(")
QUERYSET_WRITES = {"update", "delete", "bulk_update", "bulk_create", "create", "select_for_update"}


def writes_outside_services(path: Path) -> list[str]:
    """Transactions opened and querysets written in ``path``: what belongs in services."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = ast.unparse(func)
        if name in {"transaction.atomic", "atomic"} or (
            isinstance(func, ast.Attribute)
            and func.attr in QUERYSET_WRITES
            and QUERYSET.search(ast.unparse(func.value))
        ):
            found.append(f"line {node.lineno}: {name}()")
    return found


@pytest.mark.parametrize("spec", API_SERVICES, ids=lambda spec: spec.name)
def test_every_api_service_has_the_same_files(spec):
    root = REPO_ROOT / spec.package
    missing = [name for name in SERVICE_FILES if not (root / name).is_file()]
    missing += [f"tests/{name}" for name in TEST_ENTRIES if not (root / "tests" / name).exists()]
    assert not missing, f"{spec.package} lacks {missing}"
    assert apps_of(spec.package), f"{spec.package} has no app"


@pytest.mark.parametrize(("package", "app"), app_ids(), ids=lambda value: str(value).split("/")[-1])
def test_every_app_has_the_same_modules(package, app):
    missing = [name for name in APP_MODULES if not module_exists(app, name)]
    assert not missing, f"{package}/{app.name} lacks {missing}"


@pytest.mark.parametrize(("package", "app"), app_ids(), ids=lambda value: str(value).split("/")[-1])
def test_transactions_belong_to_services_not_to_views_or_admin(package, app):
    offenders = [
        f"{path.relative_to(REPO_ROOT)} {found}"
        for layer in ("apis", "admin")
        for path in sources(app, layer)
        if path.exists()
        for found in writes_outside_services(path)
    ]
    assert not offenders, "views and admin write through services:\n" + "\n".join(offenders)


@pytest.mark.parametrize(("package", "app"), app_ids(), ids=lambda value: str(value).split("/")[-1])
def test_views_declare_their_answers(package, app):
    """No view hides a response shape behind a free-form object, or builds one by hand."""
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in sources(app, "apis")
        if "OpenApiTypes.OBJECT" in path.read_text()
    ]
    assert not offenders, f"declare an output serializer instead of OpenApiTypes.OBJECT in {offenders}"


def test_the_layout_check_sees_what_it_must(tmp_path):
    source = tmp_path / "apis.py"
    source.write_text(
        "from django.db import transaction\n"
        "def post(request):\n"
        "    with transaction.atomic():\n"
        "        Post.objects.filter(id=1).update(title='x')\n"
        "        queryset.delete()\n"
        "        data.update(title='x')\n"
    )
    assert writes_outside_services(source) == [
        "line 3: transaction.atomic()",
        "line 4: Post.objects.filter(id=1).update()",
        "line 5: queryset.delete()",
    ]
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "__init__.py").write_text("")
    assert module_exists(tmp_path, "services")
    assert not module_exists(tmp_path, "selectors")
