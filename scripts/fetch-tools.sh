#!/usr/bin/env bash
# Fetches consumer tools that Debian bookworm does not ship in the version K8sBare renders for, from newer Debian
# suites, and caches them OUTSIDE the repository (nothing is installed on the machine, nothing is ever committed):
#   containerd 1.7 (trixie) and 2.x (sid) — `containerd --config X config dump` reads the configs rendered for them
#   (bookworm's containerd 1.6 silently ignores a version-3 config).
#   etcd 3.5 (trixie) — the rendered etcd flags are started with the etcd release they are rendered for.
#
#   scripts/fetch-tools.sh           fetch (or reuse) and print the cache folder
#   scripts/fetch-tools.sh --path    print the cache folder (no fetch)
#
# Layout: $K8SBARE_TOOLS_CACHE (default /var/cache/k8sbare/tools)/containerd-<major.minor>/usr/bin/containerd, …
# Go binaries from trixie/sid link only libc and run on bookworm (../shared/reference/real-kubernetes.md). Each
# tool is unpacked into a temporary folder and renamed into place when complete, so an interrupted fetch is simply
# run again. Apt uses a state of its own (sources list and lists dir); the machine's sources are left alone.
set -euo pipefail
root=${K8SBARE_TOOLS_CACHE:-/var/cache/k8sbare/tools}
if [ "${1:-}" = "--path" ]; then echo "$root"; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "fetch-tools.sh: needs root (apt-get download with a private apt state under $root)" >&2; exit 1; }
mkdir -p "$root"
exec 9>"$root/.lock"
flock 9

MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$MIRROR" ] || MIRROR=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)

# fetch SUITE PACKAGE TARGET CHECK: unpack the suite's PACKAGE into $root/TARGET unless TARGET/CHECK exists.
fetch() {
  local suite=$1 package=$2 target=$3 check=$4
  [ -x "$root/$target/$check" ] && return 0
  local st="$root/apt-$suite"
  mkdir -p "$st/lists/partial"
  printf 'deb %s %s main\n' "$MIRROR" "$suite" >"$st/sources.list"
  local A=(-o "Dir::Etc::sourcelist=$st/sources.list" -o Dir::Etc::sourceparts=/nonexistent -o "Dir::State::Lists=$st/lists"
           -o "Dir::Cache::archives=$st/archives" -o APT::Sandbox::User=root)
  mkdir -p "$st/archives/partial"
  if [ ! -e "$st/updated" ] || [ -n "$(find "$st/updated" -mmin +1440)" ]; then
    apt-get "${A[@]}" update -qq >/dev/null
    touch "$st/updated"
  fi
  local tmp; tmp=$(mktemp -d "$root/.fetch.XXXXXX")
  (cd "$tmp" && apt-get "${A[@]}" download -qq "$package" >/dev/null)
  dpkg-deb -x "$tmp"/"$package"_*.deb "$tmp/x"
  [ -x "$tmp/x/$check" ] || { echo "fetch-tools.sh: $package from $suite has no $check" >&2; rm -rf "$tmp"; exit 1; }
  rm -rf "${root:?}/$target"
  mv "$tmp/x" "$root/$target"
  rm -rf "$tmp"
  echo "fetch-tools.sh: $target: $("$root/$target/$check" --version 2>&1 | head -1)" >&2
}

fetch trixie containerd containerd-1.7 usr/bin/containerd
fetch sid containerd containerd-2 usr/bin/containerd
fetch trixie etcd-server etcd-3.5 usr/bin/etcd
echo "$root"
