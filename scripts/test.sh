#!/usr/bin/env bash
# The test command of the README: the whole workspace's tests.
# Storage tests use SQLite, or PostgreSQL when FAZHI_TEST_PG holds an administrative URL;
# the browser test runs when FAZHI_BROWSER=1 (it needs Debian's chromium and chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --workspace "$@"
