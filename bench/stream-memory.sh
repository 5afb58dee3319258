#!/usr/bin/env bash
# Peak memory of a large download, streamed against buffered.
#
# Builds tests/examples/stream-memory.rs (release), then downloads a body of SIZE_MIB MiB
# (default 100) from a loopback server in the same process, ROUNDS times each way,
# alternating: `stream` reads it as a ByteStream (the `_stream` methods of downloads),
# `buffer` reads it whole (the plain methods). Prints the maximum resident set size of each
# run, as /usr/bin/time reports it, and its ratio to the body size.
#
#   bench/stream-memory.sh
#   SIZE_MIB=500 ROUNDS=5 bench/stream-memory.sh
set -euo pipefail

SIZE_MIB="${SIZE_MIB:-100}"
ROUNDS="${ROUNDS:-3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

cargo build -q --release -p integration-tests --example stream-memory
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/stream-memory"

echo "| round | mode | body (MiB) | peak RSS (MiB) | peak RSS / body |"
echo "| --- | --- | --- | --- | --- |"
for round in $(seq 1 "$ROUNDS"); do
  for mode in stream buffer; do
    kib=$(/usr/bin/time -f "%M" "$BIN" "$SIZE_MIB" "$mode" 2>&1 >/dev/null | tail -1)
    awk -v r="$round" -v m="$mode" -v s="$SIZE_MIB" -v k="$kib" \
      'BEGIN { printf "| %d | %s | %d | %.1f | %.3f |\n", r, m, s, k / 1024, k / 1024 / s }'
  done
done
