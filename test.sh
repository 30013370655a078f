#!/usr/bin/env bash
# The full K8sBare test run: installs what the tests need (Debian packages) when it is missing,
# builds the solution and runs every test project. Under CI (CI=true) nothing may skip: a missing
# dependency or a skipped test fails the run.
set -euo pipefail
cd "$(dirname "$0")"

# Real components the integration tests run against (Debian bookworm package names).
PACKAGES=(
  openssl etcd-server etcd-client openssh-server openssh-client systemd-container debootstrap
  iproute2 procps haproxy keepalived nginx-light containerd containernetworking-plugins
  golang-cfssl shellcheck ansible curl libnginx-mod-stream sudo busybox-static gcc libc6-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# kubectl: any 1.19+ kubectl on PATH will do (the end-to-end test drives the real 1.20 cluster with it); bookworm's own is kubernetes-client.
command -v kubectl >/dev/null || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif [ "${CI:-}" = "true" ]; then
    echo "test.sh: missing packages under CI and cannot install them (not root): ${missing[*]}" >&2
    exit 1
  else
    echo "test.sh: warning: missing ${missing[*]}; tests that need them will be skipped (run as root to install)" >&2
  fi
fi
# Consumer tools bookworm lacks in the versions K8sBare renders for (containerd 1.7 and 2.x for `config dump`),
# fetched from newer Debian suites into a cache outside the repository.
if [ "$(id -u)" = 0 ]; then
  scripts/fetch-tools.sh >/dev/null || { echo "test.sh: scripts/fetch-tools.sh failed (containerd 1.7/2.x for the config checks)" >&2; [ "${CI:-}" != "true" ] || exit 1; }
elif [ "${CI:-}" = "true" ]; then
  echo "test.sh: under CI the tests need root (test bed, namespaces) and the tools of scripts/fetch-tools.sh" >&2
  exit 1
fi
for t in kubectl haproxy nginx keepalived shellcheck etcd etcdctl containerd openssl curl; do
  command -v "$t" >/dev/null || { [ "${CI:-}" != "true" ] || { echo "test.sh: '$t' is missing (a test needs it)" >&2; exit 1; }; }
done
# etcd 3.5 beside bookworm's 3.4: the etcd tests run against both (cached outside the repository).
if ! etcd35=$(scripts/fetch-etcd.sh 2>&1); then
  if [ "${CI:-}" = "true" ]; then echo "test.sh: etcd 3.5 is missing and could not be fetched: $etcd35" >&2; exit 1; fi
  echo "test.sh: warning: etcd 3.5 unavailable ($etcd35); the etcd tests run against 3.4 only" >&2
fi
command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK (dotnet) is required" >&2; exit 1; }

# The Kubernetes binaries (kube-apiserver, …, kubelet, kube-proxy 1.20.2) are built from Debian's source package
# and cached outside the repository (scripts/build-kubernetes.sh). Start now, in the background and under nice,
# so that a cold build (~6-9 min) overlaps the unit tests; the tests that need the binaries run the same script,
# which waits on its lock for this build and then prints the cache folder (or fails, and so do they under CI).
kube_build_log=$(mktemp)
kube_build_pid=
if [ "$(id -u)" = 0 ]; then
  nice -n 10 scripts/build-kubernetes.sh >"$kube_build_log" 2>&1 &
  kube_build_pid=$!
  echo "test.sh: building/reusing the Kubernetes binaries in the background (pid $kube_build_pid, log $kube_build_log)"
fi

log=$(mktemp)
trap 'rm -f "$log" "$kube_build_log"' EXIT
set +e
dotnet test K8sBare.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

# One closing line over all test projects: "N passed, N failed, N skipped".
read -r passed failed skipped < <(awk '
  /^ +Passed: +[0-9]+ *$/  { p += $2 }
  /^ +Failed: +[0-9]+ *$/  { f += $2 }
  /^ +Skipped: +[0-9]+ *$/ { s += $2 }
  END { printf "%d %d %d\n", p, f, s }' "$log")
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ -n "$kube_build_pid" ]; then
  if wait "$kube_build_pid"; then
    echo "kubernetes binaries: $(tail -n 1 "$kube_build_log")"
  else
    echo "test.sh: building the Kubernetes binaries failed:" >&2; tail -n 20 "$kube_build_log" >&2
    [ "$rc" -ne 0 ] || rc=1
  fi
fi
if [ "$rc" -ne 0 ]; then exit "$rc"; fi
# The CLI as users install it: packed, installed as a .NET tool from the packed folder, `k8sbare render`.
scripts/tool-smoke.sh
if [ "$passed" -eq 0 ]; then echo "test.sh: no test ran" >&2; exit 1; fi
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then
  echo "test.sh: $skipped test(s) skipped under CI; every test must run here" >&2
  exit 1
fi
