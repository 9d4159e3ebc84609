#!/usr/bin/env bash
# Install Debian's chromium for the staff app's browser test (Playwright drives it;
# no browser is downloaded). Does nothing when /usr/bin/chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
"$(dirname "$0")/apt_install.sh" \
  "Install chromium with your system's package manager (/usr/bin/chromium)." \
  "Installing Debian's chromium for the browser tests" \
  chromium chromium-driver
