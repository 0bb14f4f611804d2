#!/usr/bin/env bash
# Node 24 is the runtime action.yml declares (runs.using: node24), so every check runs on it, even on
# a machine whose default node is older. Sourced, this puts a Node of the major in .node-version first
# on PATH: the machine's own when it already is that major, else the npm registry's node-linux-<arch>
# package, unpacked once into .node24/ (git-ignored).
#   source scripts/node24.sh    # then node, npm and npx run on Node 24 (the caller's shell options stay)
#   scripts/node24.sh CMD ARG…  # runs CMD with Node 24 first on PATH (npm test, demo and bench do)
#   scripts/node24.sh           # prints the bin folder
__n24_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
__n24_major="$(tr -dc '0-9.' <"$__n24_root/.node-version" | cut -d. -f1)"
__n24_dir="$__n24_root/.node24"

__n24_bin() {
  if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)" = "$__n24_major" ]; then
    dirname "$(command -v node)"
    return
  fi
  if [ "$("$__n24_dir/bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)" != "$__n24_major" ]; then
    local arch
    case "$(uname -m)" in
      x86_64 | amd64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) echo "node24.sh: no node-linux package for $(uname -m)" >&2; return 1 ;;
    esac
    local tmp
    tmp="$(mktemp -d)" || return 1
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$__n24_major" >/dev/null) || {
      echo "node24.sh: could not fetch node-linux-$arch@$__n24_major from the npm registry" >&2
      return 1
    }
    rm -rf "$__n24_dir" && mkdir -p "$__n24_dir" || return 1
    tar -xzf "$tmp"/node-linux-*.tgz -C "$__n24_dir" --strip-components=1 package/bin/node || return 1
    rm -rf "$tmp"
  fi
  echo "$__n24_dir/bin"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  __n24_path="$(__n24_bin)" || exit 1
  [ "$#" -eq 0 ] && { echo "$__n24_path"; exit 0; }
  PATH="$__n24_path:$PATH" exec "$@"
else
  __n24_path="$(__n24_bin)" || return 1
  export PATH="$__n24_path:$PATH"
fi
