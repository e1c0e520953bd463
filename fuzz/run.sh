#!/usr/bin/env bash
# Runs each fuzz target (fuzz/, cargo-fuzz + libFuzzer) for a bounded time
# and prints duration, executions, executions/s, corpus size (files) and
# crashes per target.
#
#   fuzz/run.sh                      # every target, 60 s each
#   FUZZ_SECONDS=300 fuzz/run.sh edits
#
# Environment:
#   FUZZ_SECONDS    seconds per target (default 60)
#   FUZZ_TIMEOUT    seconds before one input counts as a hang (default 10)
#   FUZZ_SANITIZER  cargo fuzz -s value: address (default) or none
#   FUZZ_JOBS       extra: parallel libFuzzer workers per target (default 1)
#   FUZZ_DETECT_LEAKS  1 (default) or 0: LeakSanitizer at exit. bientap
#                   leaks literal keys on purpose (text::vietnamese::literal_key,
#                   per thread), which LeakSanitizer reports as a crash of the
#                   empty input at the end of a run; 0 keeps such runs clean.
#   FUZZ_TARGET_DIR cargo target dir for the instrumented build
#                   (default: fuzz/target; keep it apart from normal builds)
#
# cargo-fuzz needs nightly-only rustc flags (-Z sanitizer, sancov passes).
# On a stable toolchain RUSTC_BOOTSTRAP=1 unlocks them; the script sets it.
# Crashing inputs land in fuzz/artifacts/<target>/; copy the ones worth
# keeping to fuzz/regressions/ with a note.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz" || exit 2

seconds="${FUZZ_SECONDS:-60}"
timeout_s="${FUZZ_TIMEOUT:-10}"
sanitizer="${FUZZ_SANITIZER:-address}"
jobs="${FUZZ_JOBS:-1}"
detect_leaks="${FUZZ_DETECT_LEAKS:-1}"
target_dir="${FUZZ_TARGET_DIR:-$root/fuzz/target}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(parse_article analyze edits)
fi

export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 2
fi

# Seed corpora from the test articles (analyze inputs start with a format byte).
seed() {
  local t="$1" dir="corpus/$1"
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return
  case "$t" in
    parse_article)
      for f in "$root"/tests/gold/*.article "$root"/tests/gold-holdout/*.article; do
        [ -f "$f" ] && head -c 4096 "$f" > "$dir/$(basename "$f")"
      done ;;
    analyze)
      for f in "$root"/tests/gold/*.article "$root"/tests/gold-holdout/*.article; do
        [ -f "$f" ] || continue
        { printf '\000'; head -c 3000 "$f"; } > "$dir/a-$(basename "$f")"
        { printf '\001'; head -c 3000 "$f"; } > "$dir/p-$(basename "$f")"
      done ;;
  esac
}

count_artifacts() {
  ls "artifacts/$1" 2>/dev/null | grep -cE '^(crash|timeout|oom|leak|slow-unit)-'
}

summary=()
status=0
for t in "${targets[@]}"; do
  seed "$t"
  mkdir -p "artifacts/$t"
  log="$(mktemp)"
  before=$(count_artifacts "$t")
  echo "== $t: ${seconds}s, sanitizer $sanitizer, timeout ${timeout_s}s" >&2
  dict=()
  case "$t" in parse_article|analyze) dict=(-dict=dict/bientap.dict) ;; esac
  extra=()
  if [ "$jobs" -gt 1 ]; then extra=(-jobs="$jobs" -workers="$jobs"); fi
  cargo fuzz run --target-dir "$target_dir" -s "$sanitizer" "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb=4096 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 -detect_leaks="$detect_leaks" \
    "${dict[@]}" "${extra[@]}" \
    >"$log" 2>&1
  rc=$?
  # libFuzzer may print its final stats more than once: take the last.
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{v=$2} END {print v+0}')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | awk '{v=$2} END {print v+0}')
  after=$(count_artifacts "$t")
  crashes=$((after - before))
  if [ $rc -ne 0 ] && [ $crashes -eq 0 ]; then
    echo "   $t exited with $rc without an artifact; log tail:" >&2
    tail -20 "$log" >&2
    status=1
  fi
  if [ $crashes -gt 0 ]; then
    status=1
    grep -E '^(==[0-9]+==|thread .* panicked|SUMMARY|ALARM|Test unit written)' "$log" | head -10 >&2
  fi
  corpus=$(ls "corpus/$t" 2>/dev/null | wc -l)
  summary+=("$(printf '%-14s %8s %12s %10s %8s %8s' "$t" "${seconds}s" "$execs" "$rate" "$corpus" "$crashes")")
  cp "$log" "artifacts/$t/last-run.log" 2>/dev/null
  rm -f "$log"
done

printf '%-14s %8s %12s %10s %8s %8s\n' target time executions exec/s corpus crashes
printf '%s\n' "${summary[@]}"
exit $status
