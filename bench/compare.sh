#!/usr/bin/env bash
# Side-by-side benchmark of fanout against its peers on a loopback nginx, via
# the shared harness (../shared/bench/compare; its header explains the
# options). Builds a Release fanout first. Extra arguments go to compare,
# e.g.:  bench/compare.sh --n 100000 --rounds 3 --peers tuned,curl,textbook
set -euo pipefail
cd "$(dirname "$0")/.."
harness=${FANOUT_COMPARE:-../shared/bench/compare}
[ -x "$harness" ] || { echo "benchmark harness not found at $harness (set FANOUT_COMPARE)" >&2; exit 2; }
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DFANOUT_BUILD_TESTS=OFF -DFANOUT_BUILD_BENCH=OFF -DFANOUT_BUILD_FUZZ=OFF \
  -DFANOUT_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build-release --target fanout_cli
exec "$harness" --install-deps "$@" -- ./build-release/fanout -c {c} -t 3s -f jsonl -i {urls}
