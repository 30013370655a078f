// Starts three throwaway hosts (master and node-1 on systemd, node-2 on OpenRC; Debian 13 systemd-nspawn containers
// with sshd on a private bridge), applies the $20 cluster to them over SSH with real Kubernetes 1.20.2 binaries
// (built from Debian's source package by scripts/build-kubernetes.sh and cached; the first run builds them, ~6-9 min),
// prints each phase's time until both nodes are Ready, and removes the hosts when you press Enter (or at once with
// --no-wait). The same spec as the end-to-end test (tests/K8sBare.Cluster.Tests/EndToEnd/RealKubernetesSpecs.cs).
// Run as root:  dotnet run --project samples/TestbedDemo [-- --no-wait]
using System.Diagnostics;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Tests.EndToEnd;
using K8sBare.Testing;
using K8sBare.Testing.Kubernetes;
using K8sBare.Testing.Testbed;

var kube = await KubernetesBinaries.EnsureAsync();
var images = Path.Combine(Path.GetTempPath(), $"k8sbare-demo-images-{Environment.ProcessId}");
var pause = await ContainerImages.BuildPauseAsync(Path.Combine(kube, "pause.c"), images);
var busybox = await ContainerImages.BuildBusyboxAsync(images);

await KubeletHostSysctls.ApplyAsync();   // kernel settings the kubelet checks; not per namespace (test bed README)
var boot = Stopwatch.StartNew();
await using var tb = await Testbed.StartAsync(ClusterTestbedFixture.Options);
Console.WriteLine($"testbed up in {boot.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", tb.Hosts.Select(h => $"{h.Name} {h.Address} ({h.Init})"))}");

var spec = RealKubernetesSpecs.Twenty(tb, kube, pause, busybox, await TestbedSpecs.HostContainerdVersionAsync(tb));
var pki = Path.Combine(tb.Directory, "pki");
var applier = new ClusterApplier(new SshConnectionFactory());
var progress = new Progress<ApplyEvent>(e => { if (e.Host is null && e.Step == "phase" && e.State != ApplyEventState.Started) Console.WriteLine($"  {e}"); });
var result = await applier.ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki, Progress = progress });
Console.WriteLine($"applied: {result.Changes.Count} changes, {result.Restarts} starts/restarts in {result.Duration.TotalSeconds:0.0} s (nodes Ready: the verify phase waits for them)");
var total = result.Events.Where(e => e.Host is null && e.Step == "phase" && e.State != ApplyEventState.Started).Sum(e => e.Duration.TotalSeconds);
foreach (var e in result.Events.Where(e => e.Host is null && e.Step == "phase" && e.State != ApplyEventState.Started))
    Console.WriteLine($"  share {ApplyPhases.Name(e.Phase),-14} {e.Duration.TotalSeconds,7:0.0} s  {100 * e.Duration.TotalSeconds / Math.Max(total, 0.001),5:0.0} %");
foreach (var n in result.NotStarted) Console.WriteLine("  not started: " + n);

var again = await applier.ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });
Console.WriteLine($"second apply: {again.Changes.Count} changes, {again.Restarts} restarts in {again.Duration.TotalMilliseconds:0} ms");
var kubeconfig = Path.Combine(tb.Directory, "admin.kubeconfig");
await File.WriteAllTextAsync(kubeconfig, result.Artifacts!.OperatorFiles["admin.kubeconfig"].Content);
if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);
Console.WriteLine($"kubectl --kubeconfig {kubeconfig} get nodes");
Console.WriteLine($"ssh into a host: ssh -F {tb.SshConfigFile} master");

if (!args.Contains("--no-wait"))
{
    Console.WriteLine("Press Enter to remove the hosts.");
    Console.ReadLine();
}

Directory.Delete(images, recursive: true);
