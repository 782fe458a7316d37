#!/usr/bin/env bash
# Builds a local stand-in for docker.io/library/node:20-bookworm-slim, for machines that reach Debian's
# mirrors and the npm registry but no container registry: a minimal Debian bookworm (debootstrap
# minbase, trimmed like Debian's slim images) with this machine's Node 20, npm and Node headers laid
# out as in the official image (/usr/local). Does nothing when the image already exists.
# Needs root, debootstrap and podman (scripts/docker/install-podman.sh installs them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/podman-env.sh"

log() { echo "build-base-image: $*" >&2; }
die() { log "$*"; exit 1; }

# Podman resolves the short name through its docker.io alias; the localhost tag serves setups without one.
ensure_short_tag() {
  podman image exists "localhost/$BASE_IMAGE_SHORT" || podman tag "$BASE_IMAGE" "$BASE_IMAGE_SHORT"
}

if podman image exists "$BASE_IMAGE"; then
  ensure_short_tag
  exit 0
fi

[ "$(id -u)" = 0 ] || die "debootstrap needs root"
for tool in debootstrap podman tar flock; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (run scripts/docker/install-podman.sh)"
done

# Two runs at once (two test runs, say) would both debootstrap: the second waits, then finds the image.
exec 9>/var/lock/actor-kms-node-base-image.lock
flock 9
if podman image exists "$BASE_IMAGE"; then
  ensure_short_tag
  exit 0
fi

# --- The Node installation to copy ------------------------------------------------------------------
node_bin="$(readlink -f "$(command -v node)")" || die "node is not on PATH"
node_version="$("$node_bin" -p 'process.versions.node')"
[ "${node_version%%.*}" = 20 ] || die "this machine has Node $node_version; the image is tagged node:20 and needs Node 20"
node_prefix="$(dirname "$(dirname "$node_bin")")"
npm_dir=""
if npm_cli="$(readlink -f "$(command -v npm)" 2>/dev/null)"; then npm_dir="$(dirname "$(dirname "$npm_cli")")"; fi
[ -f "$npm_dir/package.json" ] || npm_dir="$node_prefix/lib/node_modules/npm"
[ -f "$npm_dir/bin/npm-cli.js" ] || die "cannot find npm next to $node_bin"
corepack_dir="$(dirname "$npm_dir")/corepack"
# Native modules compile against these headers; without them node-gyp would download them.
headers_dir="$node_prefix/include/node"
[ -f "$headers_dir/node_api.h" ] || die "no Node headers in $headers_dir"

# Where this machine reaches the npm registry through a TLS-inspecting gateway, its Node and npm trust
# an extra CA bundle; the image's npm needs the same (on an open network neither is set).
ca_bundle="${NODE_EXTRA_CA_CERTS:-}"
if [ -z "$ca_bundle" ] || [ ! -f "$ca_bundle" ]; then
  ca_bundle="$(npm config get cafile 2>/dev/null || true)"
fi
[ -n "$ca_bundle" ] && [ -f "$ca_bundle" ] || ca_bundle=""

# --- Debian mirrors, as apt uses them on this machine -----------------------------------------------
# The first enabled "deb" source (deb822 .sources or one-line .list) serving the given suite.
apt_uri_for() {
  local suite="$1" f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk -v suite="$suite" '
      BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^[Tt]ypes:/) { sub(/^[^:]*:[ \t]*/, "", line); types = " " line " " }
          else if (line ~ /^URIs:/) { sub(/^[^:]*:[ \t]*/, "", line); uris = line }
          else if (line ~ /^[Ss]uites:/) { sub(/^[^:]*:[ \t]*/, "", line); suites = " " line " " }
          else if (line ~ /^[Ee]nabled:/) { sub(/^[^:]*:[ \t]*/, "", line); enabled = tolower(line) }
        }
        if (enabled != "no" && index(types, " deb ") && index(suites, " " suite " ") && uris != "") {
          split(uris, u, /[ \t]+/); print u[1]; exit
        }
      }' "$f")"
    if [ -n "$uri" ]; then echo "$uri"; return; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri="$(awk -v suite="$suite" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit }
      }' "$f")"
    if [ -n "$uri" ]; then echo "$uri"; return; fi
  done
}
mirror="${DEBIAN_MIRROR:-$(apt_uri_for bookworm)}"
mirror="${mirror:-http://deb.debian.org/debian}"
security_mirror="${DEBIAN_SECURITY_MIRROR:-$(apt_uri_for bookworm-security)}"
security_mirror="${security_mirror:-http://deb.debian.org/debian-security}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || die "$keyring is missing (apt-get install debian-archive-keyring)"
include=()
# minbase has no CA certificates, which apt needs for an https mirror.
case "$mirror$security_mirror" in *https://*) include=(--include=ca-certificates) ;; esac

# --- Root file system -------------------------------------------------------------------------------
root=""
cleanup() {
  [ -n "$root" ] && [ -d "$root" ] || return 0
  # debootstrap mounts /proc and /sys inside the target; a failed run can leave them mounted.
  findmnt -rn -o TARGET | awk -v r="$root/" 'index($0, r) == 1' | sort -r | while read -r m; do umount -l "$m" || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT

started=$SECONDS
for attempt in 1 2 3; do
  cleanup
  root="$(mktemp -d /var/tmp/node-base-rootfs.XXXXXX)"
  log "debootstrap bookworm (minbase) from $mirror, attempt $attempt"
  if debootstrap --variant=minbase --keyring="$keyring" "${include[@]}" bookworm "$root" "$mirror" >"$root.log" 2>&1; then
    rm -f "$root.log"
    break
  fi
  tail -n 20 "$root.log" >&2
  rm -f "$root.log"
  [ "$attempt" = 3 ] && die "debootstrap failed"
  sleep 5
done
log "debootstrap took $((SECONDS - started)) s"

# The mirrors and slim-image trimming of Debian's official images.
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: $keyring

Types: deb
URIs: $security_mirror
Suites: bookworm-security
Components: main
Signed-By: $keyring
EOF
cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$root"/usr/share/{man,groff,info,lintian,linda}/*
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
rm -rf "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/tmp/*

# Node as the official image lays it out.
install -D -m 0755 "$node_bin" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/include" "$root/usr/local/lib/node_modules"
cp -a "$headers_dir" "$root/usr/local/include/node"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
if [ -f "$corepack_dir/dist/corepack.js" ]; then
  cp -a "$corepack_dir" "$root/usr/local/lib/node_modules/corepack"
  ln -s ../lib/node_modules/corepack/dist/corepack.js "$root/usr/local/bin/corepack"
fi
image_env=()
if [ -n "$ca_bundle" ]; then
  log "the image trusts this machine's CA bundle $ca_bundle, as its npm does"
  install -D -m 0644 "$ca_bundle" "$root/etc/ssl/certs/ca-certificates.crt"
  image_env=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
fi
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
# Run node when the first argument is a flag or not a command, as the official image does.
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF
chmod 0755 "$root/usr/local/bin/docker-entrypoint.sh"
# The host's environment (NODE_OPTIONS, NODE_EXTRA_CA_CERTS, ...) stays out of the checks below.
in_root() { env -i PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root chroot "$root" "$@"; }
in_root /usr/sbin/groupadd --gid 1000 node
in_root /usr/sbin/useradd --uid 1000 --gid node --shell /bin/bash --create-home node
# The copied binary must run on the image's own libraries.
in_root /usr/local/bin/node -e 'require("node:crypto").randomBytes(1)' || die "node does not run inside the bookworm root"
in_root /usr/local/bin/node /usr/local/lib/node_modules/npm/bin/npm-cli.js --version >/dev/null || die "npm does not run inside the bookworm root"

log "importing $BASE_IMAGE (Node $node_version)"
tar --numeric-owner -C "$root" \
  --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./run/*' \
  -cf - . |
  podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$node_version" \
    "${image_env[@]}" \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["node"]' \
    --message "Debian bookworm (minbase) with Node $node_version" \
    - "$BASE_IMAGE" >/dev/null
ensure_short_tag
podman run --rm --network none "$BASE_IMAGE" node -e 'process.exit(process.versions.node === process.argv[1] ? 0 : 1)' "$node_version" \
  || die "the imported image does not run node"
log "built $BASE_IMAGE in $((SECONDS - started)) s"
