#!/usr/bin/env bash
# Removes everything one K8sBare testbed created: the processes in its network namespaces (light hosts,
# containers), its systemd-nspawn processes, its mounts, network namespaces, bridge and state directory.
# Safe to run twice and on a half-built testbed.   teardown.sh STATEDIR ID
set -u
dir=$1 id=$2 prefix=kbtb$2
namespaces=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$prefix-" || true)
ns_pids() { for ns in $namespaces; do ip netns pids "$ns" 2>/dev/null; done; }
# First each host's PID 1 (the kernel then kills its whole pid namespace and the launcher reaps it), then the rest.
all=$(ns_pids)
for pid in $all; do
  if awk '/^NSpid:/ { exit !($NF == 1 && NF > 2) }' "/proc/$pid/status" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; fi
done
for _ in $(seq 100); do [ -z "$(ns_pids)" ] && break; sleep 0.05; done
left=$(ns_pids)
[ -n "$left" ] && kill -9 $left 2>/dev/null
for pid in $all; do
  for _ in $(seq 40); do [ -d "/proc/$pid" ] || break; sleep 0.05; done
done
nspawn=
for f in "$dir"/hosts/*/nspawn.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if [ -n "$pid" ] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -q "systemd-nspawn.*$dir/"; then nspawn="$nspawn $pid"; fi
done
for _ in $(seq 100); do
  alive=
  for pid in $nspawn; do [ -d "/proc/$pid" ] && alive="$alive $pid"; done
  [ -z "$alive" ] && break
  sleep 0.05
done
[ -n "${alive:-}" ] && kill -9 $alive 2>/dev/null
# Mounts under the state dir, deepest first.
awk -v d="$dir/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
# The hosts' cgroups (k8sbare-testbed-ID in every hierarchy, with whatever kubelet/containerd made in them).
find /sys/fs/cgroup -maxdepth 6 -type d -name "k8sbare-testbed-$id" 2>/dev/null | while read -r cg; do
  find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null
done
for ns in $namespaces; do ip netns del "$ns" 2>/dev/null; done
ip link del "$prefix" 2>/dev/null
rm -rf "$dir"
exit 0
