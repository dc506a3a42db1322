#!/usr/bin/env bash
# Create .venv and install the project (with an extra: dev or perf) when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
python="${PYTHON:-python3}"
venv=.venv
stamp="$venv/.installed${extra:+-$extra}"

if [ ! -x "$venv/bin/python" ]; then
  echo "› creating $venv with $($python --version)"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "› installing thrift-kingdom${extra:+[$extra]}"
  log="$venv/install.log"
  if ! "$venv/bin/python" -m pip install --disable-pip-version-check -e ".${extra:+[$extra]}" >"$log" 2>&1; then
    grep -v "^WARNING: Location" "$log" | tail -40
    echo "pip install failed; the full log is in $log" >&2
    exit 1
  fi
  "$venv/bin/python" -c "import django, rest_framework, kingdom" # fail loudly if the install did not work
  touch "$stamp"
fi
