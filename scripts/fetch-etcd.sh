#!/usr/bin/env bash
# Fetches etcd 3.5 (Debian trixie's `etcd-server` and `etcd-client`: Go binaries linked against libc only, so
# they run on bookworm) and caches them OUTSIDE the repository, so the etcd tests can run against 3.4 (the
# machine's bookworm package) and 3.5.
#
#   scripts/fetch-etcd.sh          fetch (or reuse) and print the folder holding bin/etcd and bin/etcdctl
#   scripts/fetch-etcd.sh --path   print the folder only (no fetch)
#
# Uses an apt state of its own (sources list, lists dir and archive dir under the cache) naming the mirror of the
# machine's own debian.sources: the machine's sources are never changed. See ../shared/reference/real-kubernetes.md.
# Output: $K8SBARE_ETCD35_CACHE (default /var/cache/k8sbare/etcd-3.5)/bin/{etcd,etcdctl} and a `done` marker
# written last, so an interrupted fetch is simply run again. Needs root (apt-get).
set -euo pipefail
SUITE=trixie
root=${K8SBARE_ETCD35_CACHE:-/var/cache/k8sbare/etcd-3.5}
if [ "${1:-}" = "--path" ]; then echo "$root"; exit 0; fi
if [ -f "$root/done" ] && [ -x "$root/bin/etcd" ]; then echo "$root"; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "fetch-etcd.sh: needs root (apt-get) to fetch etcd 3.5 into $root" >&2; exit 1; }
mkdir -p "$root"
exec 9>"$root/.lock"
flock 9
if [ -f "$root/done" ] && [ -x "$root/bin/etcd" ]; then echo "$root"; exit 0; fi

W="$root/work"
rm -rf "$W" "$root/bin"
mkdir -p "$W/apt/lists/partial" "$W/apt/archives/partial" "$W/deb" "$root/bin"
MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$MIRROR" ] || MIRROR=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
[ -n "$MIRROR" ] || { echo "fetch-etcd.sh: no Debian mirror found in the machine's apt sources" >&2; exit 1; }
printf 'deb %s %s main\n' "$MIRROR" "$SUITE" >"$W/apt/sources.list"
A=(-o "Dir::Etc::sourcelist=$W/apt/sources.list" -o Dir::Etc::sourceparts=/nonexistent
   -o "Dir::State::Lists=$W/apt/lists" -o "Dir::Cache::Archives=$W/apt/archives" -o Dir::State::status=/dev/null)
apt-get "${A[@]}" update -qq
(cd "$W/deb" && apt-get "${A[@]}" download etcd-server etcd-client >/dev/null)
for d in "$W"/deb/*.deb; do dpkg-deb -x "$d" "$W/x"; done
install -m 0755 "$W/x/usr/bin/etcd" "$root/bin/etcd"
ctl=$(ls "$W"/x/usr/bin/etcdctl 2>/dev/null || true)
[ -n "$ctl" ] && install -m 0755 "$ctl" "$root/bin/etcdctl"
[ -x "$W/x/usr/bin/etcdutl" ] && install -m 0755 "$W/x/usr/bin/etcdutl" "$root/bin/etcdutl"
"$root/bin/etcd" --version | grep -q '^etcd Version: 3\.5\.' || { echo "fetch-etcd.sh: the fetched etcd is not 3.5:" >&2; "$root/bin/etcd" --version >&2; exit 1; }
rm -rf "$W"
touch "$root/done"
echo "$root"
