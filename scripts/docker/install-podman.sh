#!/usr/bin/env bash
# Installs what the container tests need on Debian 12 (as root): podman with the runc runtime and its
# network stack (netavark, which publishes ports through iptables), and debootstrap for the local base
# image. Does nothing when they are all there.
set -euo pipefail
need=()
for pkg in podman runc netavark aardvark-dns iptables debootstrap debian-archive-keyring; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
