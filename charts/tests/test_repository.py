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
FIRST_PARTY = {"kingdom", "front", "auth_service", "board_service", "comment_service", "sharing_service"}

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
