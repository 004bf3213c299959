#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh machine (.NET SDK and Node.js assumed), then runs
# every test project. Azurite is installed into .tools/ and started by the test fixtures themselves on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-tools.sh --browser

dotnet test Notifications.sln -c Release "$@"
