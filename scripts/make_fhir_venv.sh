#!/usr/bin/env bash
# Create the FHIR export's own virtual environment (.venv-fhir) with the Python that
# .python-version names, and install requirements-fhir.txt into it.
#
# A second environment because fhir.resources needs pydantic 2 and Rasa 3.6 pins
# pydantic 1.10; bot/fhir/client.py runs `python -m bot.fhir.r4` in it. Usage, as the
# Makefile calls it: scripts/make_fhir_venv.sh "$(cat .python-version)" .venv-fhir
# Safe to run again: an existing environment with the right Python is reused and
# given the lock's versions.
set -euo pipefail
if [ "$#" -ne 2 ]; then
  echo "Usage: $0 PYTHON_VERSION VENV_DIR (e.g. $0 3.10.13 .venv-fhir)" >&2
  exit 64
fi
version="$1"; venv="$2"
lock="requirements-fhir.txt"
if [ ! -f "$lock" ]; then
  echo "$lock not found: run this from the project root." >&2
  exit 1
fi

. "$(dirname "$0")/find_python.sh"

# Reuse an environment made with the same Python version; remake any other (an
# interrupted run, or a Python upgrade in .python-version).
wanted="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ -x "$venv/bin/python" ]; then
  have="$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)"
  if [ "$have" = "$wanted" ]; then
    echo "Reusing $venv (Python $have)"
  else
    echo "Removing $venv: it has Python ${have:-unknown}, Python $wanted is wanted"
    rm -rf "$venv"
  fi
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "Creating $venv with $python"
  "$python" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade "pip==23.2.1"
echo "Installing the FHIR export's pinned dependencies ($lock)"
"$venv/bin/pip" install --disable-pip-version-check --progress-bar off -r "$lock"
"$venv/bin/pip" check
echo "$venv is ready: bot/fhir/client.py runs the FHIR export in it"
