#!/usr/bin/env bash
# Removes everything one K8sBare testbed created: the processes in its network namespaces (light hosts,
# containers), its systemd-nspawn processes, its mounts, network namespaces, bridge and state directory.
# Safe to run twice and on a half-built testbed.   teardown.sh STATEDIR ID
set -u
dir=$1 id=$2 prefix=kbtb$2
namespaces=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$prefix-" || true)
inodes=" "
for ns in $namespaces; do inodes="$inodes$(stat -L -c %i "/run/netns/$ns" 2>/dev/null) "; done
ns_pids() { # every process in one of our network namespaces (one pass over /proc)
  [ "$inodes" = " " ] && return
  find /proc/[0-9]*/ns/net -maxdepth 0 -printf '%p %l\n' 2>/dev/null | while read -r p l; do
    l=${l#net:[}; l=${l%]}
    case "$inodes" in *" $l "*) p=${p#/proc/}; echo "${p%%/*}" ;; esac
  done
}
# First each host's PID 1 (the kernel then kills its whole pid namespace and the launcher reaps it), then the rest.
all=$(ns_pids)
for pid in $all; do
  if awk '/^NSpid:/ { exit !($NF == 1 && NF > 2) }' "/proc/$pid/status" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; fi
done
for _ in $(seq 100); do [ -z "$(ns_pids)" ] && break; sleep 0.05; done
left=$(ns_pids)
[ -n "$left" ] && kill -9 $left 2>/dev/null
alive() { [ -d "/proc/$1" ] && ! grep -q '^State:[[:space:]]*[ZX]' "/proc/$1/status" 2>/dev/null; } # zombies count as gone
for pid in $all; do
  for _ in $(seq 40); do alive "$pid" || break; sleep 0.05; done
done
nspawn=
for f in "$dir"/hosts/*/nspawn.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if [ -n "$pid" ] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -q "systemd-nspawn.*$dir/"; then nspawn="$nspawn $pid"; fi
done
for _ in $(seq 100); do
  survivors=
  for pid in $nspawn; do alive "$pid" && survivors="$survivors $pid"; done
  [ -z "$survivors" ] && break
  sleep 0.05
done
[ -n "${survivors:-}" ] && kill -9 $survivors 2>/dev/null
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
