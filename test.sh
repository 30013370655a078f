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
  golang-cfssl shellcheck ansible curl libnginx-mod-stream sudo
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# kubectl: any kubectl on PATH will do (the tests use only `kubectl config`); bookworm's own is kubernetes-client.
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

log=$(mktemp)
trap 'rm -f "$log"' EXIT
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
if [ "$rc" -ne 0 ]; then exit "$rc"; fi
# The CLI as users install it: packed, installed as a .NET tool from the packed folder, `k8sbare render`.
scripts/tool-smoke.sh
if [ "$passed" -eq 0 ]; then echo "test.sh: no test ran" >&2; exit 1; fi
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then
  echo "test.sh: $skipped test(s) skipped under CI; every test must run here" >&2
  exit 1
fi
