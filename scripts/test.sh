#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh machine (.NET SDK and Node.js assumed), then runs
# every test project. Azurite is installed into .tools/ and started by the test fixtures themselves on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-tools.sh --browser

# Two test hosts start side by side on two cores while a browser and notify processes run: give a busy test host more
# than vstest's default 90 s to answer its first handshake (seen once: "Failed to negotiate protocol").
export VSTEST_CONNECTION_TIMEOUT="${VSTEST_CONNECTION_TIMEOUT:-600}"

dotnet test Notifications.sln -c Release "$@"
