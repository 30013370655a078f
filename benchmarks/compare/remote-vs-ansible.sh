#!/usr/bin/env bash
# K8sBare.Remote vs Ansible: push the same work (mkdir + 10 files + 1 command) to testbed hosts.
# Three sides: Ansible, K8sBare over the system OpenSSH client, K8sBare over the in-process SSH.NET transport.
# Boots a light-host testbed (scripts/testbed.sh, root), runs both tools cold and then idempotent re-runs,
# and prints wall-clock times (whole process, startup included) and the ratios. Then the same on 50 hosts.
#   benchmarks/compare/remote-vs-ansible.sh [SIZES...]      default: 3 50
# Ansible runs with pipelining and ControlPersist on (its fastest SSH settings), forks = min(hosts, $PARALLEL);
# K8sBare runs with MaxParallelism = the same number. RERUNS (default 3) no-op re-runs, median reported.
# BOTH sides now persist their SSH masters for 60 s, like with like: Ansible with ControlPersist=60s (sockets in its
# control_path_dir), K8sBare with OpenSshOptions.PersistentMaster = 60 s (K8SBARE_CONTROL_PERSIST=60; sockets in
# $XDG_RUNTIME_DIR/k8sbare-ssh, pointed into this run's work dir). Each K8sBare run is still a fresh process; its
# re-runs, like Ansible's, reuse the masters the previous run left (no new key exchange). Cold runs open new masters.
# K8SBARE_CONTROL_PERSIST=0 gives the old comparison (K8sBare closes its masters at the end of every run).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
sizes=("${@:-3}")
[ $# -gt 0 ] || sizes=(3 50)
[ "$(id -u)" = 0 ] || { echo "needs root (testbed)" >&2; exit 1; }
command -v ansible-playbook >/dev/null || { echo "ansible-playbook missing (apt-get install ansible)" >&2; exit 1; }
reruns=${RERUNS:-3}
max_parallel=${PARALLEL:-50}   # Ansible forks and K8sBare MaxParallelism: min(host count, PARALLEL)

work=$(mktemp -d /tmp/kb-bench.XXXXXX)
mkdir -m 0700 "$work/xdg"
tb_pid=""
kb_persist=${K8SBARE_CONTROL_PERSIST:-60}
cleanup() {
  # close the masters both tools left (they would expire after 60 s anyway)
  for s in "$work"/xdg/k8sbare-ssh/* "$work"/cp-*/*; do if [ -S "$s" ]; then ssh -F /dev/null -o ControlPath="$s" -O exit dummy >/dev/null 2>&1 || true; fi; done
  if [ -n "$tb_pid" ] && kill -0 "$tb_pid" 2>/dev/null; then kill -TERM "$tb_pid"; for _ in $(seq 100); do kill -0 "$tb_pid" 2>/dev/null || break; sleep 0.2; done; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "building the K8sBare push tool (Release)…" >&2
dotnet build "$repo/benchmarks/K8sBare.Remote.Push" -c Release -o "$work/push" >/dev/null
push="$work/push/K8sBare.Remote.Push"
"$push" --write-files "$work/files" --files 10

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.4f\\n\", $1 }"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

run_size() {
  local n=$1 log="$work/testbed-$1.log"
  local par=$(( n < max_parallel ? n : max_parallel ))
  echo "== $n light hosts: starting the testbed" >&2
  "$repo/scripts/testbed.sh" start --light "$n" >"$log" 2>&1 &
  for _ in $(seq 600); do grep -q '^ssh:' "$log" && break; sleep 0.2; done
  grep -q '^ssh:' "$log" || { cat "$log" >&2; echo "testbed did not start" >&2; exit 1; }
  tb_pid=$(sed -n 's/.*SIGTERM \([0-9]*\) tears.*/\1/p' "$log")
  local cfg; cfg=$(sed -n 's/^ssh: *ssh -F \([^ ]*\) .*/\1/p' "$log")
  local hosts; hosts=$(seq -s, -f 'light-%g' 1 "$n")

  local inv="$work/inventory-$n" cp="$work/cp-$n"
  mkdir -p "$cp"
  { echo "[bench]"; for i in $(seq 1 "$n"); do echo "light-$i"; done; } >"$inv"
  cat >"$work/ansible-$n.cfg" <<CFG
[defaults]
inventory = $inv
forks = $par
host_key_checking = True
gathering = explicit
interpreter_python = /usr/bin/python3
retry_files_enabled = False
[ssh_connection]
pipelining = True
ssh_args = -F $cfg -o ControlMaster=auto -o ControlPersist=60s
control_path_dir = $cp
CFG
  ans() { ANSIBLE_CONFIG="$work/ansible-$n.cfg" ansible-playbook "$repo/benchmarks/compare/remote-vs-ansible.yml" \
      -e "dest_dir=/srv/bench-ansible files_dir=$work/files file_count=10" >"$work/ansible-$n.out" 2>&1 \
      || { cat "$work/ansible-$n.out" >&2; exit 1; }; }
  kbn() { "$push" --transport sshnet --config "$cfg" --hosts "$hosts" --dir /srv/bench-sshnet --files 10 --parallel "$par" >"$work/k8sbare-sshnet-$n.out" 2>&1 \
      || { cat "$work/k8sbare-sshnet-$n.out" >&2; exit 1; }; }
  kb() { XDG_RUNTIME_DIR="$work/xdg" K8SBARE_CONTROL_PERSIST="$kb_persist" "$push" --config "$cfg" --hosts "$hosts" --dir /srv/bench-k8sbare --files 10 --parallel "$par" >"$work/k8sbare-$n.out" 2>&1 \
      || { cat "$work/k8sbare-$n.out" >&2; exit 1; }; }

  local t0 t1 kb_cold an_cold kb_re an_re kbn_cold kbn_re
  t0=$(now); kb; t1=$(now); kb_cold=$(calc "$t1 - $t0")
  grep -q "files_changed=$((n * 10))" "$work/k8sbare-$n.out" || { cat "$work/k8sbare-$n.out" >&2; echo "cold K8sBare run did not write every file" >&2; exit 1; }
  t0=$(now); kbn; t1=$(now); kbn_cold=$(calc "$t1 - $t0")
  grep -q "files_changed=$((n * 10))" "$work/k8sbare-sshnet-$n.out" || { cat "$work/k8sbare-sshnet-$n.out" >&2; echo "cold K8sBare SSH.NET run did not write every file" >&2; exit 1; }
  t0=$(now); ans; t1=$(now); an_cold=$(calc "$t1 - $t0")
  grep -q "changed=3 " "$work/ansible-$n.out" || { tail -n "$((n + 3))" "$work/ansible-$n.out" >&2; echo "cold Ansible run did not change its 3 tasks on every host" >&2; exit 1; }
  kb_re=$(for _ in $(seq "$reruns"); do t0=$(now); kb; t1=$(now); calc "$t1 - $t0"; done | median)
  grep -q "files_changed=0 " "$work/k8sbare-$n.out" || { cat "$work/k8sbare-$n.out" >&2; echo "K8sBare re-run was not a no-op" >&2; exit 1; }
  kbn_re=$(for _ in $(seq "$reruns"); do t0=$(now); kbn; t1=$(now); calc "$t1 - $t0"; done | median)
  grep -q "files_changed=0 " "$work/k8sbare-sshnet-$n.out" || { cat "$work/k8sbare-sshnet-$n.out" >&2; echo "K8sBare SSH.NET re-run was not a no-op" >&2; exit 1; }
  an_re=$(for _ in $(seq "$reruns"); do t0=$(now); ans; t1=$(now); calc "$t1 - $t0"; done | median)
  grep -q "changed=1 " "$work/ansible-$n.out" || { tail -n "$((n + 3))" "$work/ansible-$n.out" >&2; echo "Ansible re-run changed more than its command" >&2; exit 1; }

  # both sides produced the same files
  local h1; h1=$(ssh -F "$cfg" light-1 'cd /srv/bench-k8sbare && sha256sum f*.conf && stat -c "%n %a" f*.conf')
  local h2; h2=$(ssh -F "$cfg" light-1 'cd /srv/bench-ansible && sha256sum f*.conf && stat -c "%n %a" f*.conf')
  local h3; h3=$(ssh -F "$cfg" light-1 'cd /srv/bench-sshnet && sha256sum f*.conf && stat -c "%n %a" f*.conf')
  [ "$h1" = "$h2" ] || { echo "the two tools produced different files" >&2; diff <(echo "$h1") <(echo "$h2") >&2; exit 1; }
  [ "$h1" = "$h3" ] || { echo "the two K8sBare transports produced different files" >&2; diff <(echo "$h1") <(echo "$h3") >&2; exit 1; }

  row() { printf '%-6s %-14s %10s %10s %10s %8s %8s\n' "$n" "$1" "$(printf %.2f "$2")" "$(printf %.2f "$3")" "$(printf %.2f "$4")" "$(printf %.1fx "$(calc "$2 / $3")")" "$(printf %.1fx "$(calc "$2 / $4")")"; }
  row "cold" "$an_cold" "$kb_cold" "$kbn_cold"
  row "no-op re-run" "$an_re" "$kb_re" "$kbn_re"
  echo "   k8sbare openssh: $(cat "$work/k8sbare-$n.out")" >&2
  echo "   k8sbare sshnet:  $(cat "$work/k8sbare-sshnet-$n.out")" >&2

  if [ "$n" = "${sizes[0]}" ]; then
    # Per-command latency: K8sBare multiplexed vs a fresh `ssh` per command (no ControlMaster).
    "$push" --config "$cfg" --hosts light-1 --latency 100 >&2
    "$push" --transport sshnet --config "$cfg" --hosts light-1 --latency 100 >&2
    local plain; plain=$(for _ in $(seq 20); do t0=$(now); ssh -F "$cfg" -o ControlMaster=no -o ControlPath=none light-1 true; t1=$(now); calc "($t1 - $t0) * 1000"; done | median)
    echo "   plain ssh per command (new connection each): median_ms=$plain" >&2
  fi
  kill -TERM "$tb_pid"; for _ in $(seq 150); do kill -0 "$tb_pid" 2>/dev/null || break; sleep 0.2; done; tb_pid=""
}

printf '%-6s %-14s %10s %10s %10s %8s %8s\n' "hosts" "run" "ansible s" "openssh s" "sshnet s" "an/ossh" "an/sshn"
for n in "${sizes[@]}"; do run_size "$n"; done
