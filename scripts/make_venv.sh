#!/usr/bin/env bash
# Create the project's virtual environment with the Python that .python-version names.
set -euo pipefail
version="$1"; venv="$2"

. "$(dirname "$0")/find_python.sh"

echo "Creating $venv with $python"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade "pip==23.2.1"
echo "Installing pinned dependencies (a few minutes the first time)"
"$venv/bin/pip" install --disable-pip-version-check --progress-bar off -r requirements.txt
"$venv/bin/pip" check
