#!/bin/bash
# Interleaved A/B of two server binaries on the LSP latency bench: the
# shared build machine's load swings within minutes, so the two builds are
# run one after the other, round by round, each run with its CPU steal.
#
# usage: benches/ab_latency.sh OLD_BIN NEW_BIN [SIZE] [ROUNDS]
# e.g.   git worktree add /tmp/old <commit>
#        (cd /tmp/old && CARGO_TARGET_DIR=/tmp/old-target cargo build --release --bin bientap)
#        cargo bench --bench lsp_latency --no-run
#        benches/ab_latency.sh /tmp/old-target/release/bientap target/release/bientap 1MB 2
set -euo pipefail
old=$1 new=$2 size=${3:-1MB} rounds=${4:-2}
cd "$(dirname "$0")/.."
bench=$(ls -t target/release/deps/lsp_latency-* | grep -v '\.d$' | head -1)
steal() { # percent of CPU time stolen between two /proc/stat lines
  python3 -c "
import sys
a, b = ([int(x) for x in l.split()[1:]] for l in sys.argv[1:3])
d = [y - x for x, y in zip(a, b)]
print(f'{100 * d[7] / sum(d):.1f}%')" "$1" "$2"
}
for r in $(seq 1 "$rounds"); do
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    before=$(head -1 /proc/stat)
    out=$(BIENTAP_BIN=$bin BIENTAP_LAT_SIZES=$size BIENTAP_LAT_COLD=1 BIENTAP_LAT_HOVERS=20 \
      BIENTAP_LAT_TOKENS=2 BIENTAP_LAT_AFTER_EDIT=5 BIENTAP_LAT_COMPLETE=1 "$bench" --bench 2>&1)
    after=$(head -1 /proc/stat)
    echo "$which round $r, steal $(steal "$before" "$after"):"
    echo "$out" | grep 'paced' | grep -v '^LSP_LATENCY_JSON'
    echo "$out" | grep -o '"server_peak_rss_mib":[0-9.]*' | head -1
  done
done
