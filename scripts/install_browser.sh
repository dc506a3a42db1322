#!/usr/bin/env bash
# Install what the front's browser tests need, idempotently: Debian's Chromium and the Python
# `playwright` package (the dev extra). Never `playwright install`: the tests drive
# /usr/bin/chromium through executable_path, so no browser is downloaded from Playwright's CDN.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${REPO_ROOT}/.venv/bin/python"

# Korean fonts too: without them every screenshot and Lighthouse run shows empty boxes for Hangul.
if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=ko 2>/dev/null | grep -q .; then
    echo "› installing Debian chromium and Korean fonts"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    ${SUDO} apt-get update -qq
    ${SUDO} apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
fi
# (Debian's wrapper script prints a harmless shell warning on some machines; keep the version line only)
/usr/bin/chromium --version 2>/dev/null

if ! "${PYTHON}" -c "import playwright.sync_api" 2>/dev/null; then
    echo "› installing the playwright Python package (dev extra)"
    "${PYTHON}" -m pip install -q -e "${REPO_ROOT}[dev]"
fi
"${PYTHON}" -c "from importlib.metadata import version; print('playwright', version('playwright'))"
