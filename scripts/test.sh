#!/usr/bin/env bash
# The test command of the README: the whole workspace's tests (library, binary and integration
# tests; there are no doctests). Storage tests use SQLite, or PostgreSQL when FAZHI_TEST_PG holds
# an administrative URL; the browser test runs when chromium-driver is installed and is required
# when FAZHI_BROWSER=1. Ends with one summary line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --lib --bins --tests "$@" 2>&1 | tee "$log" || status=$?
passed=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed;' "$log" | awk '{s+=$1} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
