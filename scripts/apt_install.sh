#!/usr/bin/env bash
# Install Debian packages with apt-get, through sudo unless already root, for the
# scripts that need a system tool (install_chromium.sh, install_node_packages.sh):
#
#   scripts/apt_install.sh NO_APT_MESSAGE INSTALLING_MESSAGE PACKAGE...
#
# Without apt-get it prints NO_APT_MESSAGE (how to install them otherwise) and fails;
# with it, prints INSTALLING_MESSAGE and installs the packages. The caller checks
# first whether they are needed.
set -euo pipefail

if [ "$#" -lt 3 ]; then
  echo "usage: $0 NO_APT_MESSAGE INSTALLING_MESSAGE PACKAGE..." >&2
  exit 2
fi
no_apt_message=$1
installing_message=$2
shift 2

if ! command -v apt-get >/dev/null 2>&1; then
  echo "$no_apt_message" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "$installing_message"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
