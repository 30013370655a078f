#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler, kubelet and kube-proxy 1.20.2 from Debian
# bookworm's own source package (`kubernetes`, with vendor/), offline, and caches them OUTSIDE the repository,
# keyed by the inputs: the .dsc checksum, the reflect2 swap, the Go version and this script's hash.
#
#   scripts/build-kubernetes.sh            build (or reuse) and print the cache folder holding bin/
#   scripts/build-kubernetes.sh --path     print the cache folder the current inputs map to (no build)
#
# Facts and the mandatory reflect2 patch: ../shared/reference/real-kubernetes.md. The vendored reflect2 1.0.1
# breaks under Go >= 1.18 (the apiserver panics on JSON requests); bookworm's 1.0.2 replaces it.
# Output: $K8SBARE_KUBE_CACHE (default /var/cache/k8sbare/kubernetes)/<key>/bin/{kube-apiserver,...}, and a
# `done` marker written last, so an interrupted build is simply run again. Nothing is ever committed.
set -euo pipefail
SRC_VERSION="1.20.5+really1.20.2-1.1+deb12u1"
REFLECT2_VERSION="1.0.2-2"
BINARIES="kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy"
root=${K8SBARE_KUBE_CACHE:-/var/cache/k8sbare/kubernetes}
script_hash=$(sha256sum "$0" | cut -c1-16)

[ "$(id -u)" = 0 ] || { echo "build-kubernetes.sh: needs root (apt-get)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$root"
exec 9>"$root/.lock"
flock 9   # one build at a time on this machine; a second caller waits and then reuses the result

need=()
for p in golang-go rsync build-essential dpkg-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
go_version=$(go env GOVERSION)

# An apt state of our own with a deb-src line for bookworm (the machine's sources are left alone).
W="$root/work"
mkdir -p "$W/apt/lists/partial"
MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$MIRROR" ] || MIRROR=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
printf 'deb-src %s bookworm main\n' "$MIRROR" >"$W/apt/sources.list"
A=(-o "Dir::Etc::sourcelist=$W/apt/sources.list" -o Dir::Etc::sourceparts=/nonexistent -o "Dir::State::Lists=$W/apt/lists")
dl="$W/download"
mkdir -p "$dl"
if ! ls "$dl"/kubernetes_*.dsc >/dev/null 2>&1; then
  apt-get "${A[@]}" update -qq
  (cd "$dl" && apt-get "${A[@]}" source --download-only "kubernetes=$SRC_VERSION" >/dev/null)
fi
dsc=$(ls "$dl"/kubernetes_*.dsc | head -n1)
dsc_sum=$(sha256sum "$dsc" | cut -c1-16)
key="1.20.2-$dsc_sum-r2_$REFLECT2_VERSION-$go_version-$script_hash"
out="$root/$key"
if [ "${1:-}" = "--path" ]; then echo "$out"; exit 0; fi
if [ -f "$out/done" ]; then echo "$out"; exit 0; fi

build="$W/build"
rm -rf "$build" "$out"
mkdir -p "$build" "$out/bin"
dpkg-source -x "$dsc" "$build/k8s" >/dev/null
if ! ls "$dl"/golang-github-modern-go-reflect2-dev_*.deb >/dev/null 2>&1; then
  (cd "$dl" && apt-get download "golang-github-modern-go-reflect2-dev=$REFLECT2_VERSION" >/dev/null)
fi
dpkg-deb -x "$dl"/golang-github-modern-go-reflect2-dev_*.deb "$build/r2"
rm -rf "$build/k8s/vendor/github.com/modern-go/reflect2"
cp -a "$build/r2/usr/share/gocode/src/github.com/modern-go/reflect2" "$build/k8s/vendor/github.com/modern-go/"
rm -f "$build/k8s/vendor/github.com/modern-go/reflect2/go.mod"
# pause.c for the sandbox image the test bed builds (no registry here).
cp "$build/k8s/build/pause/linux/pause.c" "$out/pause.c"

(cd "$build/k8s" && nice -n 10 make WHAT="cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubelet cmd/kube-proxy" >"$out/build.log" 2>&1) \
  || { echo "build-kubernetes.sh: make failed; see $out/build.log" >&2; tail -n 30 "$out/build.log" >&2; exit 1; }
for b in $BINARIES; do install -m 0755 "$build/k8s/_output/bin/$b" "$out/bin/$b"; done
"$out/bin/kube-apiserver" --version | grep -q 'v1.20.2' || { echo "build-kubernetes.sh: unexpected version" >&2; exit 1; }
rm -rf "$build"
date -u +%FT%TZ >"$out/done"
echo "$out"
