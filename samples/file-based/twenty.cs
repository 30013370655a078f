#!/usr/bin/env dotnet
// The $20 cluster as a .NET 10 file-based app: `dotnet run twenty.cs [OUT]` validates it and renders it
// into OUT (default ./out-twenty): OUT/<host>/<absolute path>, OUT/PLAN.md, PKI store in OUT/.pki.
#:project ../../src/K8sBare.Cluster/K8sBare.Cluster.csproj
#:property PublishAot=false

using K8sBare.Cluster;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;

var spec = ClusterBuilder.Create("twenty")
    .WithKubernetesVersion("1.32.3")
    .WithSsh("~/.ssh/id_ed25519")
    .AddControlPlane("master", "10.0.0.10")                  // etcd, kube-apiserver, controller-manager, scheduler
    .AddWorker("node-1", "10.0.0.11")                        // containerd, flannel, CoreDNS, kubelet, kube-proxy (systemd)
    .AddWorker("node-2", "10.0.0.12", n => n.UseOpenRc())    // the same on OpenRC
    .UseFlannel(FlannelBackend.Vxlan)                        // host-gw would only warn: VPSes rarely share L2
    .UseCoreDns(CoreDnsPlacement.HostServiceOnWorkers)
    .Build();

var report = spec.Validate(ValidationOptions.ForRender);
foreach (var problem in report.Problems) Console.WriteLine(problem);
if (!report.IsValid) return 2;

var outDir = args.Length > 0 ? args[0] : "out-twenty";
var result = await ClusterFolderRenderer.RenderToFolderAsync(spec, outDir);
foreach (var host in result.Artifacts.Hosts)
    Console.WriteLine($"{host.Name,-8} {host.Node.InitSystem,-8} {host.Files.Count,3} files  {string.Join(", ", host.Services.Select(s => s.Name))}");
Console.WriteLine($"Rendered into {result.OutputDirectory}; summary {result.SummaryPath}; PKI store {result.PkiDirectory}");
return 0;
