#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine and run it.
# - Debian packages: chromium (HTML report tests), libreoffice-calc-nogui (Excel tests),
#   libreoffice-writer-nogui (the visit brief's DOCX -> PDF page count), poppler-utils.
# - A virtual environment .venv-test with scorecard installed as users get it (pip install ., not editable).
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v libreoffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
[ -e /usr/lib/libreoffice/program/libswlo.so ] || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" = none ]; then
    echo "scripts/test.sh: cannot install ${need[*]} (not root, no sudo); browser/LibreOffice tests will be skipped" >&2
  else
    echo "Installing Debian packages: ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
VENV=.venv-test
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
"$VENV/bin/python" -c "import scorecard, pandas, playwright" >/dev/null
# Static types: `mypy scorecard` must stay clean (configuration in pyproject.toml, [tool.mypy]).
"$VENV/bin/python" -m mypy scorecard
# --import-mode=importlib: the tests import the installed package, not the checkout's source tree.
exec "$VENV/bin/pytest" --import-mode=importlib -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" "$@"
