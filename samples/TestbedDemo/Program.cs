// Starts three throwaway hosts (master and node-1 on systemd, node-2 on OpenRC; systemd-nspawn containers
// with sshd on a private bridge), applies the $20 cluster to them over SSH, prints what happened, and
// removes the hosts when you press Enter (or immediately with --no-wait).
// Run as root:  dotnet run --project samples/TestbedDemo [-- --no-wait]
using K8sBare.Cluster;
using K8sBare.Cluster.Apply;
using K8sBare.Testing.Testbed;

await using var tb = await Testbed.StartAsync(ClusterTestbedFixture.Options);
Console.WriteLine($"testbed up: {string.Join(", ", tb.Hosts.Select(h => $"{h.Name} {h.Address} ({h.Init})"))}");

var spec = ClusterBuilder.Create("twenty")
    .WithVersions(v => v with { Etcd = "3.4.23", Containerd = "1.7.0" })   // what Debian bookworm ships
    .WithSsh(new SshSettings { IdentityFile = tb.ClientIdentityFile, KnownHostsFile = tb.ClientKnownHostsFile })
    .AddControlPlane("master", tb["master"].Address)
    .AddWorker("node-1", tb["node-1"].Address)
    .AddWorker("node-2", tb["node-2"].Address, n => n.UseOpenRc())
    .WithBinary("etcd", BinarySource.FromFile("/usr/bin/etcd"))
    .WithBinary("containerd", BinarySource.OnHostAt("/usr/bin/containerd"))
    .WithBinary("containerd-shim-runc-v2", BinarySource.OnHostAt("/usr/bin/containerd-shim-runc-v2"))
    .WithBinary("runc", BinarySource.OnHostAt("/usr/sbin/runc"))
    .Build();

var pki = Path.Combine(tb.Directory, "pki");
var applier = new ClusterApplier(new SshConnectionFactory());
var progress = new Progress<ApplyEvent>(e => { if (e.Host is null && e.Step == "phase" && e.State != ApplyEventState.Started) Console.WriteLine(e); });
var result = await applier.ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki, Progress = progress });
Console.WriteLine($"applied: {result.Changes.Count} changes, {result.Restarts} starts/restarts in {result.Duration.TotalSeconds:0.0} s");
foreach (var n in result.NotStarted) Console.WriteLine("  " + n);

var again = await applier.ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });
Console.WriteLine($"second apply: {again.Changes.Count} changes, {again.Restarts} restarts in {again.Duration.TotalMilliseconds:0} ms");
Console.WriteLine($"ssh into a host: ssh -F {tb.SshConfigFile} master");

if (!args.Contains("--no-wait"))
{
    Console.WriteLine("Press Enter to remove the hosts.");
    Console.ReadLine();
}
