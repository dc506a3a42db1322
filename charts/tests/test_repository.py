"""What holds for the repository as a whole: it explains itself, and it declares what it imports.

These live in the chart suite because it is the one suite that is not a Django project: it reads
the repository's files (the Dockerfile, pyproject.toml) rather than a service's settings.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .rendering import REPO_ROOT

#: A reference to the design notes that once lived beside the repository, not in it. Written as a
#: pattern so that this file does not match itself.
OUTSIDE_REFERENCE = re.compile(r"DESIGN\.md|\.\./shared\b")

#: Our own top-level packages; every other import is either the standard library or a dependency.
FIRST_PARTY = {
    "kingdom",
    "front",
    "auth_service",
    "board_service",
    "comment_service",
    "sharing_service",
    "notification_service",
}

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())


def tracked_files() -> list[Path]:
    """The files git tracks (what a fresh clone has), as paths under the repository."""
    listing = subprocess.run(
        ["git", "ls-files", "-z"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [REPO_ROOT / name for name in listing.split("\0") if name and (REPO_ROOT / name).is_file()]


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # binary (images, fonts)
        return None


# --- the repository explains itself ----------------------------------------------------------


def test_no_tracked_file_points_outside_the_repository():
    """Comments, docstrings and docs cite ``docs/``, which a fresh clone has."""
    offenders = []
    for path in tracked_files():
        text = _text(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE_REFERENCE.search(line):
                offenders.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}")
    assert not offenders, "point these at docs/ instead:\n" + "\n".join(offenders)


def test_the_outside_reference_check_recognises_what_it_must():
    # Spelled in pieces, or this file would be the first offender.
    assert OUTSIDE_REFERENCE.search("the contract (DESIGN" + ".md, auth section)")
    assert OUTSIDE_REFERENCE.search("see ../" + "shared/STYLE.md")
    assert not OUTSIDE_REFERENCE.search("see docs/contracts.md#tokens")


def test_the_docs_index_links_every_document_and_every_link_resolves():
    docs = REPO_ROOT / "docs"
    index = (docs / "README.md").read_text()
    pages = sorted(path.name for path in docs.glob("*.md") if path.name != "README.md")
    assert pages, "docs/ has no documents"
    for page in pages:
        assert f"]({page}" in index, f"docs/README.md does not link {page}"
    for path in [REPO_ROOT / "README.md", *docs.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text()):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (path.parent / target).exists(), f"{path.relative_to(REPO_ROOT)} links {target}"


def _anchors(markdown: str) -> set[str]:
    """The fragment ids GitHub gives a document's headings (``## The outbox`` -> ``the-outbox``)."""
    anchors = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", markdown, flags=re.MULTILINE):
        anchors.add(re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-"))
    return anchors


def test_every_reference_to_a_section_of_docs_names_a_section_that_exists():
    """``docs/contracts.md#tokens`` in a docstring, or ``(contracts.md#tokens)`` in a document."""
    docs = REPO_ROOT / "docs"
    anchors = {path.name: _anchors(path.read_text()) for path in docs.glob("*.md")}
    broken = []
    for path in {*tracked_files(), *docs.glob("*.md")}:
        text = _text(path)
        if text is None:
            continue
        local = (
            [(path.name, anchor) for anchor in re.findall(r"\]\(#([\w-]+)\)", text)]
            if path.parent == docs
            else []
        )
        for page, anchor in [
            *re.findall(r"(?<![\w/])(?:docs/|\.\./docs/|\()?(\w+\.md)#([\w-]+)", text),
            *local,
        ]:
            if page in anchors and anchor not in anchors[page]:
                broken.append(f"{path.relative_to(REPO_ROOT)}: {page}#{anchor}")
    assert not broken, "no such section:\n" + "\n".join(sorted(broken))


def test_section_anchors_are_the_ones_github_makes():
    assert _anchors("## The shared library `kingdom/`\n### auth_service\n## Who may call") == {
        "the-shared-library-kingdom",
        "auth_service",
        "who-may-call",
    }


#: The API services, whose every route docs/contracts.md lists (the front serves pages, not contracts).
API_SERVICES = ("auth_service", "board_service", "comment_service", "sharing_service", "notification_service")
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _call_name(node: ast.AST) -> str:
    func = node.func if isinstance(node, ast.Call) else node
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _path_calls(module: Path) -> list[tuple[str, ast.AST]]:
    """``(route, view expression)`` of every ``path("route", view)`` in a URLconf module."""
    calls = []
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.Call) and _call_name(node) == "path" and len(node.args) >= 2:
            route = node.args[0]
            if isinstance(route, ast.Constant) and isinstance(route.value, str):
                calls.append((route.value, node.args[1]))
    return calls


def _view_methods(apis: Path) -> dict[str, set[str]]:
    """``{class name: HTTP methods it answers}`` for the API classes of an ``apis.py``."""
    classes = {node.name: node for node in ast.parse(apis.read_text()).body if isinstance(node, ast.ClassDef)}

    def methods(name: str) -> set[str]:
        node = classes.get(name)
        if node is None:
            return set()
        own = {item.name for item in node.body if isinstance(item, ast.FunctionDef)} & set(HTTP_METHODS)
        return own.union(*(methods(_call_name(base)) for base in node.bases))

    return {name: methods(name) for name in classes}


def _route(raw: str) -> str:
    """``api/board/posts/<int:post_id>`` -> ``/api/board/posts/<id>``."""
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "<id>", raw).strip("/")


def code_endpoints() -> set[tuple[str, str]]:
    """``(METHOD, /path)`` for every route the API services' URLconfs mount, read from the source."""
    endpoints = set()
    for service in API_SERVICES:
        for prefix, view in _path_calls(REPO_ROOT / service / "config" / "urls.py"):
            if not (isinstance(view, ast.Call) and _call_name(view) == "include"):
                continue
            included = view.args[0].value
            urls = REPO_ROOT / (included.replace(".", "/") + ".py")
            views = _view_methods(urls.with_name("apis.py"))
            for route, view_expression in _path_calls(urls):
                view_class = _call_name(view_expression.func.value)  # apis.SomeApi.as_view()
                assert views.get(view_class), f"{urls}: {route} -> {view_class} answers no method"
                endpoints |= {(method.upper(), _route(prefix + route)) for method in views[view_class]}
    return endpoints


def documented_endpoints() -> set[tuple[str, str]]:
    """``(METHOD, /path)`` from the first column of the endpoint tables in docs/contracts.md.

    A service's section starts with ``Prefix `/api/<svc>/```; a cell such as
    ``POST`/`DELETE posts/<id>/like`` or ``GET me` / `PATCH me`` names one path per method, and
    ``DELETE …`` repeats the path before it. Query strings are dropped.
    """
    endpoints: set[tuple[str, str]] = set()
    prefix = None
    for line in (REPO_ROOT / "docs" / "contracts.md").read_text().splitlines():
        if line.startswith("## "):
            prefix = None
        found = re.match(r"Prefix `(/api/[\w/]*)`", line)
        if found:
            prefix = found.group(1)
        if prefix is None or not line.startswith("| `"):
            continue
        cell = re.sub(r"\?\S*", "", line.split(" | ")[0].lstrip("| ").replace("`", ""))
        methods: list[str] = []
        path = ""
        for token in cell.split():
            if re.fullmatch(r"[A-Z]+(?:/[A-Z]+)*", token):
                methods = token.split("/")
            elif token != "/":
                if token != "…":
                    path = _route(token if token.startswith("/") else prefix.rstrip("/") + "/" + token)
                endpoints |= {(method, path) for method in methods}
                methods = []
    return endpoints


def test_docs_list_every_endpoint_the_apis_mount_and_no_other():
    """docs/contracts.md describes the APIs as they are: a new route or a removed one shows here."""
    code, documented = code_endpoints(), documented_endpoints()
    assert not code - documented, f"mounted but not in docs/contracts.md: {sorted(code - documented)}"
    assert not documented - code, f"in docs/contracts.md but not mounted: {sorted(documented - code)}"


def test_endpoints_are_read_from_the_urlconfs_and_the_docs_as_they_are_written():
    code, documented = code_endpoints(), documented_endpoints()
    for endpoint in [
        ("POST", "/api/auth/login"),
        ("DELETE", "/api/board/posts/<id>/like"),
        ("GET", "/api/comments"),
    ]:
        assert endpoint in code
        assert endpoint in documented
    assert ("DELETE", "/api/sharing/deals/<id>/vote") in documented  # "POST deals/<id>/vote / DELETE …"
    assert ("PATCH", "/api/auth/me") in documented  # "GET me / PATCH me"
    assert ("POST", "/api/board/ranking") not in code


# --- the repository declares what it imports -------------------------------------------------


def _requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return _normalise(match.group(0))


def _normalise(name: str) -> str:
    """PEP 503 normalisation: ``PyJWT`` and ``pyjwt``, ``dj_database_url`` and ``dj-database-url``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(*groups: str) -> set[str]:
    project = PYPROJECT["project"]
    requirements = list(project["dependencies"])
    for group in groups:
        requirements += project["optional-dependencies"][group]
    return {_requirement_name(requirement) for requirement in requirements}


def _groups_for(relative: Path) -> tuple[str, ...]:
    """Which optional dependencies the code at ``relative`` may rely on besides the main ones."""
    parts = relative.parts
    if parts[0] == "perf":
        return ("perf",)
    if parts[0] == "scripts":
        return ("local", "dev")
    if (
        parts[0] == "charts"
        or "tests" in parts
        or relative.name == "conftest.py"
        or parts[:2]
        == (
            "kingdom",
            "testing",
        )
    ):
        return ("dev",)
    if relative.as_posix() == "kingdom/devstack.py":  # make run and the live test stacks
        return ("local", "dev")
    return ()


def _imported_top_level_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def third_party_imports() -> dict[tuple[str, tuple[str, ...]], list[str]]:
    """``{(module, allowed groups): [files importing it]}`` for every non-stdlib, non-local import."""
    files = [path for path in tracked_files() if path.suffix == ".py"]
    # Sibling modules imported by plain name (perf/bench.py imports scenarios, tests import tests.*).
    local = FIRST_PARTY | {path.stem for path in files} | {p.name for f in files for p in f.parents}
    found: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for path in files:
        relative = path.relative_to(REPO_ROOT)
        for module in _imported_top_level_modules(path.read_text()):
            if module in sys.stdlib_module_names or module in local or module == "__future__":
                continue
            found.setdefault((module, _groups_for(relative)), []).append(relative.as_posix())
    return found


def test_every_third_party_import_is_a_declared_dependency():
    """A package the code imports is named in pyproject.toml, not merely pulled in by another.

    Runtime code may import only ``[project] dependencies``; tests and the chart suite also ``dev``;
    ``perf/`` also ``perf``; ``scripts/`` and the local stack also ``local`` and ``dev``.
    """
    providers = importlib.metadata.packages_distributions()
    undeclared = []
    for (module, groups), importers in sorted(third_party_imports().items()):
        declared = _declared(*groups)
        distributions = {_normalise(name) for name in providers.get(module, [])}
        # A module not installed here (perf's locust in a dev environment) must be named as declared.
        if not (distributions & declared or _normalise(module) in declared):
            where = ", ".join(sorted(importers)[:3])
            undeclared.append(f"{module} (from {distributions or 'nothing installed'}) in {where}")
    assert not undeclared, "declare these in pyproject.toml:\n" + "\n".join(undeclared)


def test_each_package_is_declared_once_per_group_with_a_bounded_range():
    project = PYPROJECT["project"]
    groups = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    for group, requirements in groups.items():
        names = [_requirement_name(requirement) for requirement in requirements]
        assert len(names) == len(set(names)), f"{group} names a package twice: {sorted(names)}"
        for requirement in requirements:
            assert re.search(r">=[^,;]+,\s*<", requirement), f"{group}: {requirement}: give >=low,<high"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import jwt\nfrom jwt.algorithms import RSAAlgorithm", {"jwt"}),
        ("from urllib3.util.retry import Retry\nimport os.path", {"urllib3", "os"}),
        ("from . import fakes\nfrom .rendering import CHART", set()),
        ("def f():\n    import yaml\n", {"yaml"}),
    ],
)
def test_imports_are_found_wherever_they_are_written(source, expected):
    assert _imported_top_level_modules(source) == expected


#: The names rates had before ``RATE_<SERVICE>_<SCOPE>[_<ROLE>]`` (docs/contracts.md#rate-limits):
#: still read for one release, never set by anything of ours.
FORMER_RATE_NAMES = re.compile(
    r"\b(THROTTLE_(LOGIN|SIGNUP|GUEST|PASSWORD|SERVICE_TOKEN)_PER_(IP|DEVICE|USER)"
    r"|BOARD_RATE_(POST|EDIT|REACTION|REPORT)_(GUEST|MEMBER)"
    r"|COMMENT_(CREATE|EDIT|REPORT)_RATE_(GUEST|MEMBER)"
    r"|SHARING_(DEAL_CREATE|DEAL_CHANGE|VOTE|REPORT)_RATE)\b"
)


def test_the_chart_and_every_stack_we_start_set_rates_by_their_new_names():
    """The chart (templates, values, scenarios, its README's examples), ``make run``/``make bench`` and
    the live test stacks: a former name there would keep the deprecation warning alive forever."""
    setters = [
        path
        for path in tracked_files()
        if path.relative_to(REPO_ROOT).parts[:2] == ("charts", "thrift-kingdom")
        or path.relative_to(REPO_ROOT).parts[0] in {"perf", "scripts", "docker"}
        or path.relative_to(REPO_ROOT).parts[:2] == ("front", "tests")
        or "integration" in path.relative_to(REPO_ROOT).parts
        or path.name in {"devstack.py", "Makefile", "Dockerfile"}
    ]
    assert any(path.name == "values.yaml" for path in setters)
    found = {
        f"{path.relative_to(REPO_ROOT)}: {match.group(0)}"
        for path in setters
        if path.suffix not in {".png", ".lock"}
        for match in FORMER_RATE_NAMES.finditer(path.read_text(encoding="utf-8", errors="replace"))
    }
    assert not found, sorted(found)


def test_the_former_rate_names_are_recognised_by_the_check_above():
    for name in [
        "THROTTLE_LOGIN_PER_IP",
        "BOARD_RATE_POST_GUEST",
        "SHARING_DEAL_CREATE_RATE",
        "COMMENT_EDIT_RATE_MEMBER",
    ]:
        assert FORMER_RATE_NAMES.search(f"  {name}: 5/hour"), name
    assert not FORMER_RATE_NAMES.search("RATE_BOARD_POST_WRITE_GUEST: 5/hour")
