#!/usr/bin/env bash
# Create the project's virtual environment with the Python that .python-version names.
set -euo pipefail
version="$1"; venv="$2"

python=""
if command -v pyenv >/dev/null 2>&1 && [ -x "$(pyenv root)/versions/$version/bin/python" ]; then
  python="$(pyenv root)/versions/$version/bin/python"
elif command -v "python${version%.*}" >/dev/null 2>&1; then
  python="$(command -v "python${version%.*}")"
fi
if [ -z "$python" ]; then
  echo "Python $version is needed (Rasa 3.6 runs on Python < 3.11)." >&2
  echo "Install it with: pyenv install $version" >&2
  exit 1
fi

echo "Creating $venv with $python"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade "pip==23.2.1"
echo "Installing pinned dependencies (a few minutes the first time)"
"$venv/bin/pip" install --disable-pip-version-check --progress-bar off -r requirements.txt
"$venv/bin/pip" check
