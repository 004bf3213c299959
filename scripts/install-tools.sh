#!/usr/bin/env bash
# Installs the local tools the system and its tests use, once: Azurite (Azure Storage emulator, from npm).
set -euo pipefail
cd "$(dirname "$0")/.."

AZURITE_VERSION=3.37.0
if [ ! -f .tools/azurite/node_modules/azurite/dist/src/azurite.js ]; then
  echo "installing azurite@${AZURITE_VERSION} into .tools/azurite"
  mkdir -p .tools/azurite
  (cd .tools/azurite && npm install --no-audit --no-fund --loglevel=error "azurite@${AZURITE_VERSION}" >/dev/null)
fi
