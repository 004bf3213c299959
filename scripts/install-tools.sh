#!/usr/bin/env bash
# Installs the local tools the system and its tests use, once: Azurite (Azure Storage emulator, from npm) and,
# with --browser, Debian's chromium for the Playwright browser test (Playwright's own browser download is not
# reachable here; the test drives the system chromium through its executable path).
set -euo pipefail
cd "$(dirname "$0")/.."

AZURITE_VERSION=3.37.0
if [ ! -f .tools/azurite/node_modules/azurite/dist/src/azurite.js ]; then
  echo "installing azurite@${AZURITE_VERSION} into .tools/azurite"
  mkdir -p .tools/azurite
  (cd .tools/azurite && npm install --no-audit --no-fund --loglevel=error "azurite@${AZURITE_VERSION}" >/dev/null)
fi

if [ "${1:-}" = "--browser" ] && [ ! -x "${NOTIFY_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "installing chromium (apt)"
  sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 \
    || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends chromium >/dev/null; }
fi
