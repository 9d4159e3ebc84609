#!/usr/bin/env bash
# Install the Node packages the tests use (axe-core, for the staff app's accessibility
# check) into node_modules/, exactly as package-lock.json pins them: `npm ci` installs
# from the lock file alone and fails if it disagrees with package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  scripts/apt_install.sh \
    "Install Node.js and npm with your system's package manager." \
    "Installing Debian's Node.js and npm for the test tools" \
    nodejs npm
fi
echo "Installing the pinned Node packages (npm ci)"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
