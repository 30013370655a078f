# shellcheck shell=sh
# Sourced (POSIX sh) by the launcher of a booted testbed host just before it execs systemd-nspawn:
# moves the launcher into a cgroup of its own in every hierarchy, <current>/k8sbare-testbed-ID/NAME, so the
# container's cgroup namespace root is private to it (two hosts' kubelets never share /kubepods) and the
# teardown can remove it.   k8sbare_cg_id=ID k8sbare_cg_name=NAME; . cgroup-join.sh
: "${k8sbare_cg_id:?}" "${k8sbare_cg_name:?}"
while IFS=: read -r _ k8sbare_ctrl k8sbare_path; do
  case "$k8sbare_ctrl" in
    "") k8sbare_mnt=/sys/fs/cgroup/unified; [ -d "$k8sbare_mnt" ] || k8sbare_mnt=/sys/fs/cgroup ;;
    name=systemd) k8sbare_mnt=/sys/fs/cgroup/systemd ;;
    name=*) continue ;;
    *) k8sbare_mnt=/sys/fs/cgroup/$k8sbare_ctrl ;;
  esac
  [ -f "$k8sbare_mnt/cgroup.procs" ] || continue
  k8sbare_parent=$k8sbare_mnt${k8sbare_path%/}
  for k8sbare_dir in "$k8sbare_parent/k8sbare-testbed-$k8sbare_cg_id" "$k8sbare_parent/k8sbare-testbed-$k8sbare_cg_id/$k8sbare_cg_name"; do
    if [ ! -d "$k8sbare_dir" ]; then
      mkdir "$k8sbare_dir" 2>/dev/null || true
      # cgroup v1 cpuset: a new cgroup starts with no cpus/mems; inherit the parent's.
      if [ -f "$k8sbare_dir/cpuset.cpus" ]; then
        cat "${k8sbare_dir%/*}/cpuset.cpus" >"$k8sbare_dir/cpuset.cpus" 2>/dev/null || true
        cat "${k8sbare_dir%/*}/cpuset.mems" >"$k8sbare_dir/cpuset.mems" 2>/dev/null || true
      fi
    fi
  done
  echo $$ >"$k8sbare_parent/k8sbare-testbed-$k8sbare_cg_id/$k8sbare_cg_name/cgroup.procs" 2>/dev/null || true
done </proc/self/cgroup
