#!/bin/sh
# Fetches Debian arm64 packages for the end-to-end tests with a private apt
# configuration (the machine's apt setup and architectures stay untouched),
# unpacks them with dpkg -x, and caches them:
#   fetch-debs.sh DEST PACKAGE...   -> DEST/PACKAGE/ unpacked
# The cache is ${DTPART_CACHE:-$HOME/.cache/dtpart}/debs.
#   fetch-debs.sh --resolve REGEX   -> the newest package name matching REGEX
set -eu
cache=${DTPART_CACHE:-$HOME/.cache/dtpart}/debs
mkdir -p "$cache"
apt_opts() {
  apt_dir=$cache/apt
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / && !/security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  [ -n "$mirror" ] || { echo "fetch-debs: no Debian mirror configured" >&2; exit 1; }
  echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main" > "$apt_dir/sources.list"
  opts="-o APT::Architecture=arm64 -o APT::Architectures=arm64 -o Dir::State::Lists=$apt_dir/lists \
    -o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::Cache=$apt_dir -o Dir::State::Status=/dev/null -o Debug::NoLocking=1 -o APT::Sandbox::User=root"
  [ -n "$(ls "$apt_dir/lists/" 2>/dev/null | grep Packages)" ] && [ "${1:-}" != update ] && return 0
  # shellcheck disable=SC2086
  apt-get $opts -qq update >&2
}
if [ "${1:-}" = --resolve ]; then
  apt_opts
  # shellcheck disable=SC2086
  apt-cache $opts pkgnames 2>/dev/null | grep -E -- "$2" | sort -V | tail -1
  exit 0
fi
dest=$1; shift
mkdir -p "$dest"
need=""
for p in "$@"; do
  [ -d "$dest/$p" ] && continue
  ls "$cache/${p}_"*.deb > /dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
  apt_opts update
  # shellcheck disable=SC2086
  (cd "$cache" && apt-get $opts -qq download $need >&2)
  echo "fetch-debs: downloaded$need into $cache" >&2
fi
for p in "$@"; do
  [ -d "$dest/$p" ] && continue
  deb=$(ls "$cache/${p}_"*.deb | head -1)
  dpkg -x "$deb" "$dest/$p.tmp" && mv "$dest/$p.tmp" "$dest/$p"
done
