#!/usr/bin/env bash
# PID 1 of a K8sBare light host. Runs inside `ip netns exec NS unshare --mount --uts --ipc --pid --fork
# --mount-proc`: mounts overlays over the machine's own /etc /opt /usr /root /home /srv /var (writes land in
# the host's upper dirs, the machine's files stay untouched), private tmpfs on /tmp and /run, sets the
# hostname, then runs sshd and reaps orphans until sshd exits (SIGTERM is forwarded to sshd).
#   light-init.sh HOSTDIR NAME
set -euo pipefail
H=$1 NAME=$2
# /var last: the upper dirs live under /var/lib, and an upper dir cannot sit on an overlay.
for d in etc opt usr root home srv var; do
  [ -d "/$d" ] || continue
  mkdir -p "$H/upper/$d" "$H/work/$d"
  mount -t overlay "k8sbare-$NAME" -o "lowerdir=/$d,upperdir=$H/upper/$d,workdir=$H/work/$d" "/$d"
done
# root gets stock Debian shell start-up files: this machine's own (pyenv's init in /root/.bashrc, which bash
# sources for every ssh command) cost ~0.3 s per command and would measure this machine, not a host.
for f in .bashrc .profile; do
  if [ -f "/etc/skel/$f" ]; then cp "/etc/skel/$f" "/root/$f"; else rm -f "/root/$f"; fi
done
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/sshd /run/lock
hostname "$NAME"
echo "$NAME" >/etc/hostname
cat "$H/hosts" >/etc/hosts
cat "$H/machine-id" >/etc/machine-id
rm -f /etc/resolv.conf
cat "$H/resolv.conf" >/etc/resolv.conf
sshd=
trap '[ -n "$sshd" ] && kill -TERM "$sshd" 2>/dev/null' TERM INT
/usr/sbin/sshd -D -e -f "$H/sshd_config" &
sshd=$!
while kill -0 "$sshd" 2>/dev/null; do wait || true; done
