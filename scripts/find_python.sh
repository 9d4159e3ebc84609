# Sourced by make_venv.sh and make_fhir_venv.sh: sets `python` to the interpreter
# of Python $version (pyenv's, else pythonX.Y on the PATH), or stops with how to
# install it.
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
