#!/usr/bin/env bash
# Installs the Debian packages listed in the given files that are missing.
# Usage: scripts/install-deps.sh scripts/debian-packages.txt [more lists...]
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=()
for list in "$@"; do
  while read -r name; do
    case "$name" in ''|'#'*) continue;; esac
    # node may come from elsewhere (e.g. nodesource); don't fight it.
    if [[ "$name" == nodejs || "$name" == npm ]] && command -v node >/dev/null && command -v npm >/dev/null; then
      continue
    fi
    if ! dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed"; then
      packages+=("$name")
    fi
  done < "$list"
done
if ((${#packages[@]})); then
  echo "Installing: ${packages[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
