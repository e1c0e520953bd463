#!/usr/bin/env bash
# Builds the VS Code extension from a fresh clone: npm ci, typecheck, lint,
# unit tests, bundle, and package editors/vscode/bientap.vsix.
# Needs Node >= 20 and npm (the machine's). Exits non-zero on any failure.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXT="$REPO/editors/vscode"
START=$SECONDS

run() {
  echo "+ $*"
  "$@"
}
step() {
  echo
  echo "==> [vscode-build +$((SECONDS - START))s] $*"
}

step "toolchain"
run node --version
run npm --version
node -e 'const [maj] = process.versions.node.split(".").map(Number); if (maj < 20) { console.error("Node >= 20 is required"); process.exit(1); }'

cd "$EXT"
step "install dependencies (npm ci, from package-lock.json)"
run npm ci --no-audit --no-fund

step "typecheck (tsc --noEmit)"
run npm run --silent typecheck

step "lint (eslint)"
run npm run --silent lint

step "unit tests (node --test)"
run npm test

step "bundle (esbuild)"
run npm run --silent bundle

step "package (vsce 4.1.0)"
rm -f bientap.vsix
run npm run --silent package
test -s bientap.vsix || { echo "vscode-build: bientap.vsix was not produced" >&2; exit 1; }
# The package must carry the bundle, grammar, language configuration and licence.
for f in extension/dist/extension.js extension/package.json extension/syntaxes/article.tmLanguage.json extension/language-configuration.json extension/LICENSE.txt; do
  unzip -l bientap.vsix "$f" >/dev/null || { echo "vscode-build: $f missing from bientap.vsix" >&2; exit 1; }
done

step "done in $((SECONDS - START))s: $EXT/bientap.vsix ($(stat -c %s bientap.vsix) bytes)"
