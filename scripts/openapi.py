"""Regenerate the committed OpenAPI documents: ``docs/openapi/<service>.yaml`` for every API.

    .venv/bin/python scripts/openapi.py            # every API
    .venv/bin/python scripts/openapi.py board      # only these

Each document is what drf-spectacular generates from the service's code (validated, warnings
are errors); every API's ``tests/test_openapi.py`` fails when its committed file is stale.
"""

from __future__ import annotations

import os
import subprocess
import sys

from kingdom.devstack import REPO_ROOT, SERVICES
from kingdom.testing.openapi import committed_path


def main(selected: list[str]) -> int:
    apis = [spec for spec in SERVICES if spec.database and (not selected or spec.name in selected)]
    failed = False
    for spec in apis:
        path = committed_path(spec.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": f"{spec.package}.config.test_settings"}
        command = [sys.executable, "-m", "django", "spectacular", "--validate", "--fail-on-warn"]
        command += ["--file", str(path)]
        if subprocess.run(command, env=env, cwd=REPO_ROOT, check=False).returncode:
            failed = True
            print(f"{spec.name}: the document did not generate cleanly", file=sys.stderr)
        else:
            print(f"{spec.name}: {path.relative_to(REPO_ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
