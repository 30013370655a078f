#!/usr/bin/env bash
# K8sBare testbed by hand (root): real hosts on this machine, the same ones the integration tests use.
#   scripts/testbed.sh start [--light N] [--systemd a,b] [--openrc c]   boot a testbed in the foreground; prints how to
#                                                                      ssh in; Ctrl-C / SIGTERM tears it down
#   scripts/testbed.sh cluster                                         = start --systemd master,node-1 --openrc node-2
#   scripts/testbed.sh list                                            testbeds on this machine and whether their owner lives
#   scripts/testbed.sh clean                                           remove testbeds whose owner process is gone
#   scripts/testbed.sh rootfs                                          build the cached systemd and OpenRC rootfs now
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${K8SBARE_TESTBED_STATE:-/var/lib/k8sbare-testbed}
teardown=$repo/tests/K8sBare.Testing/Testbed/Scripts/teardown.sh
[ "$(id -u)" = 0 ] || { echo "testbed.sh: needs root (network namespaces, bridge, systemd-nspawn)" >&2; exit 1; }

run_app() { # runs a small C# program against tests/K8sBare.Testing (a .NET 10 file-based app)
  local dir; dir=$(mktemp -d /tmp/k8sbare-testbed-cli.XXXXXX)
  { echo "#:project $repo/tests/K8sBare.Testing/K8sBare.Testing.csproj"; echo "#:property PublishAot=false"; cat; } >"$dir/testbed-cli.cs"
  local rc=0
  (cd "$dir" && dotnet run testbed-cli.cs -- "$@") || rc=$?
  rm -rf "$dir"
  return $rc
}

cmd=${1:-help}; shift || true
case "$cmd" in
  start|cluster)
    light=0 systemd="" openrc=""
    if [ "$cmd" = cluster ]; then systemd=master,node-1 openrc=node-2; fi
    while [ $# -gt 0 ]; do
      case "$1" in
        --light) light=$2; shift 2 ;;
        --systemd) systemd=$2; shift 2 ;;
        --openrc) openrc=$2; shift 2 ;;
        *) echo "testbed.sh: unknown option $1" >&2; exit 2 ;;
      esac
    done
    run_app "$light" "$systemd" "$openrc" <<'CS'
using System.Diagnostics;
using K8sBare.Testing.Testbed;
string[] Split(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries);
var options = new TestbedOptions { LightHosts = int.Parse(args[0]), SystemdHosts = Split(args[1]), OpenRcHosts = Split(args[2]) };
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
var sw = Stopwatch.StartNew();
await using var tb = await Testbed.StartAsync(options);
Console.WriteLine($"testbed {tb.Id} up in {sw.Elapsed.TotalSeconds:F1} s: bridge {tb.Bridge}, subnet {tb.Subnet}, gateway {tb.GatewayAddress}");
foreach (var h in tb.Hosts) Console.WriteLine($"  {h.Name,-12} {h.Address,-15} {h.Init,-8} init pid {h.LeaderPid}");
Console.WriteLine($"ssh:   ssh -F {tb.SshConfigFile} {tb.Hosts[0].Name}");
Console.WriteLine($"state: {tb.Directory}   (Ctrl-C or SIGTERM {Environment.ProcessId} tears it down)");
await stop.Task;
sw.Restart();
await tb.DisposeAsync();
Console.WriteLine($"testbed {tb.Id} removed in {sw.Elapsed.TotalSeconds:F1} s");
CS
    ;;
  rootfs)
    run_app <<'CS'
using System.Diagnostics;
using K8sBare.Testing.Testbed;
foreach (var init in new[] { HostInit.Systemd, HostInit.OpenRc })
{
    var sw = Stopwatch.StartNew();
    var cached = RootfsCache.IsCached(init);
    var path = await RootfsCache.EnsureAsync(init);
    Console.WriteLine($"{init}: {path} ({(cached ? "cached" : $"built in {sw.Elapsed.TotalSeconds:F0} s")})");
}
CS
    ;;
  list)
    shopt -s nullglob
    for d in "$state"/*/; do
      id=$(basename "$d")
      if [ -f "$d/owner.lock" ] && ! flock -n "$d/owner.lock" true; then owner="owner pid $(cat "$d/owner.lock" 2>/dev/null) alive"; else owner="STALE (owner gone)"; fi
      echo "$id  bridge kbtb$id  hosts: $(ls "$d/hosts" 2>/dev/null | tr '\n' ' ') $owner"
    done
    ;;
  clean)
    shopt -s nullglob
    for d in "$state"/*/; do
      id=$(basename "$d")
      if [ -f "$d/owner.lock" ] && ! flock -n "$d/owner.lock" true; then continue; fi
      echo "removing stale testbed $id"
      bash "$teardown" "${d%/}" "$id"
    done
    ;;
  *) sed -n '2,9p' "$0"; [ "$cmd" = help ] ;;
esac
