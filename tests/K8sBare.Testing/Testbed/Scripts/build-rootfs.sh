#!/usr/bin/env bash
# Builds one cached Debian root filesystem for K8sBare testbed hosts.
#   build-rootfs.sh FLAVOUR TARGET MIRROR [SUITE]
# FLAVOUR: systemd | openrc. SUITE: trixie (default: etcd 3.5, containerd 1.7, a runc that works) | bookworm
# (etcd 3.4, containerd 1.6). TARGET: the final cache directory (its name carries a hash of this
# recipe, so a changed recipe builds a new cache). The build runs under an exclusive flock on
# TARGET.lock, into TARGET.tmp.<pid>, and is renamed to TARGET only when complete: two test processes
# never build the same cache at once and never see a half-built one.
set -euo pipefail
flavour=$1 target=$2 mirror=$3 suite=${4:-trixie}
case "$suite" in trixie|bookworm) ;; *) echo "unknown suite $suite" >&2; exit 2 ;; esac
mkdir -p "$(dirname "$target")"
exec 9>"$target.lock"
flock 9
if [ -f "$target/.k8sbare-rootfs-complete" ]; then exit 0; fi
tmp="$target.tmp.$$"
rm -rf "$tmp"
trap 'for m in proc sys dev/pts dev; do umount -l "$tmp/$m" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

# What every host needs (SSH, networking, the tools the cluster tests use on the hosts).
common=openssh-server,iproute2,procps,ca-certificates,curl,kmod,iptables,conntrack,socat,iputils-ping,less
case "$flavour" in
  systemd) include="systemd,systemd-sysv,dbus,libpam-systemd,$common" ;;
  openrc)  include="$common" ;; # openrc cannot be included here (conflicts with sysv-rc during debootstrap)
  *) echo "unknown flavour $flavour" >&2; exit 2 ;;
esac
debootstrap --variant=minbase --include="$include" "$suite" "$tmp" "$mirror" >"$tmp.log" 2>&1 \
  || { tail -50 "$tmp.log" >&2; rm -f "$tmp.log"; exit 1; }
rm -f "$tmp.log"

# Second stage inside the chroot: packages that debootstrap cannot resolve or that fight with sysv-rc.
printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"; chmod 755 "$tmp/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$tmp/etc/resolv.conf"
mount -t proc proc "$tmp/proc"; mount --bind /sys "$tmp/sys"; mount --bind /dev "$tmp/dev"; mount --bind /dev/pts "$tmp/dev/pts"
# etcd-server: the hosts' own etcd (3.5 on trixie) for clusters that use it in place (its Debian service is
# disabled below: K8sBare installs its own). kmod/iptables/conntrack/socat: what kubelet and kube-proxy call.
# keepalived: the API endpoint's virtual IP in the HA topology; haproxy: the external load balancer's host; nginx
# with its stream module: the local proxy to the apiservers on every node (their Debian services disabled too).
extra="containerd runc containernetworking-plugins etcd-client etcd-server keepalived haproxy nginx libnginx-mod-stream"
if [ "$flavour" = openrc ]; then extra="openrc sysvinit-core $extra"; fi
[ "$flavour" = openrc ] && [ "$suite" != bookworm ] && extra="$extra systemd-standalone-sysusers"
chroot "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $extra >/dev/null
if [ "$flavour" = openrc ] && [ "$suite" != bookworm ]; then
  # trixie's openssh-server depends on "systemd | systemd-standalone-sysusers" and debootstrap takes the first:
  # without this purge systemd-nspawn --boot would find /usr/lib/systemd/systemd and boot systemd, not OpenRC.
  chroot "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq systemd >/dev/null
  [ ! -e "$tmp/usr/lib/systemd/systemd" ] || { echo "systemd is still in the OpenRC rootfs" >&2; exit 1; }
fi
chroot "$tmp" apt-get clean
for m in dev/pts dev sys proc; do umount "$tmp/$m"; done
rm -f "$tmp/usr/sbin/policy-rc.d"

if [ "$flavour" = openrc ]; then
  chroot "$tmp" rc-update add ssh default >/dev/null
  chroot "$tmp" rc-update del etcd default >/dev/null 2>&1 || true
  for s in keepalived haproxy nginx; do chroot "$tmp" rc-update del $s default >/dev/null 2>&1 || true; done
  # No gettys on tty1..6 inside a container (they respawn and fail); the console is nspawn's.
  sed -i -E 's/^([1-6]:)/#\1/' "$tmp/etc/inittab"
fi
if [ "$flavour" = systemd ]; then
  # Units that have nothing to do in a container on this bridge.
  chroot "$tmp" systemctl mask systemd-networkd-wait-online.service >/dev/null 2>&1 || true
  chroot "$tmp" systemctl disable etcd.service >/dev/null 2>&1 || true
  chroot "$tmp" systemctl disable keepalived.service haproxy.service nginx.service >/dev/null 2>&1 || true
fi
# Per-host identity is written by the testbed on every boot: host keys, machine-id, hostname, hosts.
rm -f "$tmp"/etc/ssh/ssh_host_*
: >"$tmp/etc/machine-id"
rm -f "$tmp/var/lib/dbus/machine-id"
echo localhost >"$tmp/etc/hostname"
mkdir -p "$tmp/root/.ssh"; chmod 700 "$tmp/root/.ssh"
touch "$tmp/.k8sbare-rootfs-complete"
trap - EXIT
rm -rf "$target"
mv "$tmp" "$target"
