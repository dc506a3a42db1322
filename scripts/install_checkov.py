"""Install the pinned checkov into its own virtualenv, ``.tools/checkov``, for the chart tests.

checkov pins dozens of libraries of its own; a virtualenv apart keeps them away from the
project's. PyPI's ``checkov`` package, nothing downloaded besides. Run again and it does nothing
when the pinned version is already there.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CHECKOV_VERSION = "3.3.30"
ENVIRONMENT = REPO_ROOT / ".tools" / "checkov"
CHECKOV = ENVIRONMENT / "bin" / "checkov"


def installed() -> bool:
    python = ENVIRONMENT / "bin" / "python"
    if not (python.exists() and CHECKOV.exists()):
        return False
    probe = [str(python), "-c", "import importlib.metadata as m; print(m.version('checkov'))"]
    found = subprocess.run(probe, capture_output=True, text=True, check=False).stdout.strip()
    return found == CHECKOV_VERSION


def main() -> int:
    if installed():
        print(f"checkov {CHECKOV_VERSION} already at {CHECKOV.relative_to(REPO_ROOT)}")
        return 0
    venv.create(ENVIRONMENT, with_pip=True, clear=True)
    pip = [str(ENVIRONMENT / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, f"checkov=={CHECKOV_VERSION}"], check=True)
    if not installed():
        raise SystemExit(f"checkov {CHECKOV_VERSION} did not install into {ENVIRONMENT}")
    print(f"installed checkov {CHECKOV_VERSION} at {CHECKOV.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
