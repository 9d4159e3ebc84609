#!/usr/bin/env bash
# Install the Node packages the tests use (axe-core, for the staff app's accessibility
# check) into node_modules/, exactly as package-lock.json pins them: `npm ci` installs
# from the lock file alone and fails if it disagrees with package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Install Node.js and npm with your system's package manager." >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "Installing Debian's Node.js and npm for the test tools"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm
fi
echo "Installing the pinned Node packages (npm ci)"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
