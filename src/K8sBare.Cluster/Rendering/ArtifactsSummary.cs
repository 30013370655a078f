using System.Globalization;
using System.Text;
using K8sBare.Cluster.Artifacts;

namespace K8sBare.Cluster.Rendering;

/// <summary>A readable, byte-stable summary of rendered artifacts (the PLAN.md of a folder render).</summary>
public static class ArtifactsSummary
{
    /// <summary>Markdown: the topology, then per host its services, binaries and files.</summary>
    /// <param name="artifacts">The rendered cluster.</param>
    /// <param name="pkiStore">How to show the PKI store location (relative paths keep the summary stable).</param>
    public static string ToMarkdown(ClusterArtifacts artifacts, string pkiStore)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        var s = artifacts.Spec;
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"# Cluster '{s.Name}': rendered plan\n\n");
        sb.Append(inv, $"Kubernetes {s.Versions.Kubernetes}, etcd {s.Versions.Etcd}, containerd {s.Versions.Containerd}, flannel {s.Versions.Flannel} ({s.Flannel.Backend}, config in etcd at `{s.Flannel.EtcdPrefix}/config`), CoreDNS {s.Versions.CoreDns} ({s.Dns.Placement}).\n\n");
        sb.Append(inv, $"Pods {s.Network.PodCidr} (/{s.Network.NodeSubnetLength} per node), services {s.Network.ServiceCidr}, DNS {s.Network.DnsServiceIp}, domain {s.Network.ClusterDomain}. API endpoint: {s.ApiEndpoint.Mode}, port {s.ApiEndpoint.Port}. Keys: {s.Pki.KeyAlgorithm}.\n\n");
        sb.Append(inv, $"PKI store (CA keys; never copied to workers): `{pkiStore}`. Admin kubeconfig: `admin.kubeconfig`.\n\n");
        sb.Append("Each host folder mirrors absolute paths on that host; `<host>/.k8sbare/commands.sh` lists the commands an apply runs there.\n\n");

        var assumed = artifacts.Hosts.SelectMany(h => h.Assumptions).ToList();
        if (assumed.Count > 0)
        {
            sb.Append("**Assumed host facts** (neither declared in the spec nor gathered from the hosts; check them before copying these files to real hosts):\n\n");
            foreach (var a in assumed) sb.Append(inv, $"- {a}\n");
            sb.Append('\n');
        }

        sb.Append("| host | roles | init | files | services |\n|---|---|---|---|---|\n");
        foreach (var h in artifacts.Hosts)
            sb.Append(inv, $"| {h.Name} | {Roles(h.Node)} | {h.Node.InitSystem} | {h.Files.Count} | {string.Join(", ", h.Services.Select(x => x.Name))} |\n");

        foreach (var h in artifacts.Hosts)
        {
            sb.Append(inv, $"\n## {h.Name} ({h.Node.Address}, {h.Node.InitSystem})\n\n");
            sb.Append("| service | unit | binaries | restarts when these change |\n|---|---|---|---|\n");
            foreach (var svc in h.Services)
                sb.Append(inv, $"| {svc.Name} | `{svc.UnitPath}` | {string.Join(", ", svc.Binaries)} | {svc.Files.Count} files |\n");
            sb.Append("\n| binary | install path | source |\n|---|---|---|\n");
            foreach (var b in h.Binaries)
                sb.Append(inv, $"| {b.Name} | `{b.HostPath}` | {Source(b.Source)} |\n");
            sb.Append("\n| file | mode | owner | kind | sha256 |\n|---|---|---|---|---|\n");
            foreach (var f in h.Files)
                sb.Append(inv, $"| `{f.Path}` | {f.ModeOctal} | {f.Owner} | {f.Kind} | {f.Sha256[..12]} |\n");
            foreach (var d in h.Directories)
                sb.Append(inv, $"| `{d.Path}/` | {Convert.ToString((int)d.Mode, 8).PadLeft(4, '0')} | root:root | directory | |\n");
        }

        sb.Append("\n## Cluster-wide\n\nflannel network config (etcd):\n\n```json\n").Append(artifacts.FlannelNetworkConfig.TrimEnd()).Append("\n```\n");
        return sb.ToString();
    }

    private static string Roles(NodeSpec n) =>
        string.Join("+", new[] { (NodeRoles.ControlPlane, "control-plane"), (NodeRoles.Etcd, "etcd"), (NodeRoles.Worker, "worker") }
            .Where(r => n.Has(r.Item1)).Select(r => r.Item2));

    private static string Source(BinarySource s) => s.Kind switch
    {
        BinarySourceKind.LocalFile => $"file `{s.LocalPath}`",
        BinarySourceKind.Url => $"url {s.Url}",
        _ => s.HostPath is null ? "on host" : $"on host at `{s.HostPath}` (linked)",
    };
}
