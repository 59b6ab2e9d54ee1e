#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetches Debian arm64 packages for the end-to-end tests, unpacks them with
# dpkg -x, and caches them:
#   fetch-debs.sh [--suite SUITE] DEST PACKAGE...  -> DEST/PACKAGE/ unpacked
#   fetch-debs.sh [--suite SUITE] --resolve REGEX  -> newest package name matching REGEX
#   fetch-debs.sh [--suite SUITE] --source DEST SRCPKG[=VERSION]
#                                                  -> DEST: the source package unpacked
#                                                     with dpkg-source -x --skip-patches
# SUITE is a Debian codename, bookworm by default. The .deb files are cached
# in ${DTPART_CACHE:-$HOME/.cache/dtpart}/debs/SUITE; when every package is
# there, apt is not run at all.
#
# apt reads the machine's own configuration and sources, whatever their form
# (deb822 .sources, one-line entries with [options], several files); only the
# architecture (arm64), the lists, the cache and the dpkg status are
# redirected into the private directory debs/apt/, so nothing in /etc/apt or
# the machine's architectures changes. When SUITE is not the suite of the
# Debian archive the machine is configured for (Debian 13's trixie on a
# Debian 12 machine), a private one-line entry for SUITE is written from that
# archive's URI as apt itself reports it (apt-get indextargets), signed by
# the keys of debian-archive-keyring (Debian 12's package holds trixie's).
# Source packages come from a private deb-src entry written the same way
# (whatever the machine's sources say about deb-src); their files (.dsc and
# tarballs) are cached in debs/SUITE-source/.
set -eu
suite=bookworm
if [ "${1:-}" = --suite ]; then suite=$2; shift 2; fi
cache=${DTPART_CACHE:-$HOME/.cache/dtpart}/debs
apt_dir=$cache/apt
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
command -v apt-get > /dev/null && command -v dpkg > /dev/null ||
  { echo "fetch-debs: apt-get and dpkg are needed (Debian packages apt, dpkg)" >&2; exit 1; }
mkdir -p "$cache/$suite"

# apt_conf NAME [SOURCE-LIST [deb-src]]: writes $apt_dir/NAME.conf, an apt
# configuration file (read after the machine's own, through -c) that sends
# lists, cache and status to $apt_dir/NAME/ and, with SOURCE-LIST, reads only
# that list instead of the machine's sources; with deb-src, its deb-src
# entries are read too.
apt_conf() {
  d=$apt_dir/$1
  mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/empty"
  : > "$d/status"
  {
    echo 'APT::Architecture "arm64"; APT::Architectures { "arm64"; };'
    echo "Dir::State::Lists \"$d/lists/\"; Dir::State::Status \"$d/status\";"
    echo "Dir::Cache \"$d/cache/\"; Dir::Cache::pkgcache \"pkgcache.bin\"; Dir::Cache::srcpkgcache \"srcpkgcache.bin\";"
    echo 'Acquire::Languages "none";'
    [ "${3:-}" = deb-src ] || echo 'Acquire::IndexTargets::deb-src::Sources::DefaultEnabled "false";'
    echo 'Debug::NoLocking "true"; APT::Sandbox::User "root";'
    if [ -n "${2:-}" ]; then
      echo "Dir::Etc::SourceList \"$2\"; Dir::Etc::SourceParts \"$d/empty\";"
    fi
  } > "$apt_dir/$1.conf"
}

# update NAME: apt-get update with NAME's configuration. A source that fails
# (a third-party repository, one without arm64) is not fatal here: what
# matters is the Debian archive, looked for next.
update() {
  apt-get -c "$apt_dir/$1.conf" -qq update >&2 ||
    echo "fetch-debs: apt-get update reported errors (above); going on with what it fetched" >&2
}

# debian_archive: "URI CODENAME" of the Debian archive the machine's sources
# name (Origin and Label "Debian": not security, updates or backports), as
# apt reports it after an update with the machine's sources.
debian_archive() {
  apt-get -c "$apt_dir/machine.conf" indextargets --format '$(ORIGIN)|$(LABEL)|$(REPO_URI)|$(CODENAME)' 'Created-By: Packages' |
    awk -F'|' '$1 == "Debian" && $2 == "Debian" && $4 !~ /-/ {print $3, $4; exit}'
}

# setup: makes $apt_dir/$suite.conf the configuration for SUITE and updates
# its lists.
setup() {
  apt_conf machine
  update machine
  archive=$(debian_archive)
  if [ -z "$archive" ]; then
    echo "fetch-debs: apt's sources name no Debian archive (apt-get indextargets shows none with Origin and Label 'Debian');" >&2
    echo "fetch-debs: add one, e.g. 'deb http://deb.debian.org/debian bookworm main' in /etc/apt/sources.list" >&2
    exit 1
  fi
  if [ "${archive#* }" = "$suite" ]; then
    cp "$apt_dir/machine.conf" "$apt_dir/$suite.conf"
    return 0
  fi
  [ -f "$keyring" ] || { echo "fetch-debs: $keyring is missing (Debian package debian-archive-keyring)" >&2; exit 1; }
  echo "deb [arch=arm64 signed-by=$keyring] ${archive% *} $suite main" > "$apt_dir/$suite.list"
  apt_conf "$suite" "$apt_dir/$suite.list"
  update "$suite"
}

if [ "${1:-}" = --source ]; then
  dest=$2; src=$3
  # The files are named NAME_VERSION.dsc, without the version's epoch.
  case $src in
    *=*) ver=${src#*=}; glob=${src%%=*}_${ver#*:} ;;
    *) glob="${src}_*" ;;
  esac
  sdir=$cache/$suite-source
  mkdir -p "$sdir"
  if ! ls "$sdir"/$glob.dsc > /dev/null 2>&1; then
    command -v dpkg-source > /dev/null || { echo "fetch-debs: dpkg-source is needed (Debian package dpkg-dev)" >&2; exit 1; }
    apt_conf machine
    update machine
    archive=$(debian_archive)
    [ -n "$archive" ] || { echo "fetch-debs: apt's sources name no Debian archive (see apt-get indextargets)" >&2; exit 1; }
    echo "deb-src [signed-by=$keyring] ${archive% *} $suite main" > "$apt_dir/$suite-source.list"
    apt_conf "$suite-source" "$apt_dir/$suite-source.list" deb-src
    update "$suite-source"
    (cd "$sdir" && apt-get -c "$apt_dir/$suite-source.conf" -qq source --download-only "$src" >&2) ||
      { echo "fetch-debs: cannot download the source package $src from $suite" >&2; exit 1; }
    echo "fetch-debs: downloaded the source package $src ($suite) into $sdir" >&2
  fi
  dsc=$(ls "$sdir"/$glob.dsc | sort -V | tail -1)
  rm -rf "$dest"
  dpkg-source -q -x --skip-patches "$dsc" "$dest" >&2 ||
    { echo "fetch-debs: dpkg-source -x $dsc failed" >&2; exit 1; }
  exit 0
fi

if [ "${1:-}" = --resolve ]; then
  newest() { apt-cache -c "$apt_dir/$suite.conf" pkgnames 2>/dev/null | grep -E -- "$1" | sort -V | tail -1; }
  # Lists from an earlier run do, while the package they name is cached:
  # else they may be older than the archive, which drops old kernel ABIs.
  name=""
  [ -f "$apt_dir/$suite.conf" ] && name=$(newest "$2")
  if [ -z "$name" ] || ! ls "$cache/$suite/${name}_"*.deb > /dev/null 2>&1; then
    setup
    name=$(newest "$2")
  fi
  echo "$name"
  exit 0
fi

dest=$1; shift
mkdir -p "$dest"
need=""
for p in "$@"; do
  [ -d "$dest/$p" ] && continue
  ls "$cache/$suite/${p}_"*.deb > /dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
  setup
  # shellcheck disable=SC2086 # one word per package
  (cd "$cache/$suite" && apt-get -c "$apt_dir/$suite.conf" -qq download $need >&2) ||
    { echo "fetch-debs: cannot download$need from $suite (arm64)" >&2; exit 1; }
  echo "fetch-debs: downloaded$need ($suite, arm64) into $cache/$suite" >&2
fi
for p in "$@"; do
  [ -d "$dest/$p" ] && continue
  deb=$(ls "$cache/$suite/${p}_"*.deb | sort -V | tail -1)
  rm -rf "$dest/$p.tmp"
  dpkg -x "$deb" "$dest/$p.tmp" && mv "$dest/$p.tmp" "$dest/$p"
done
