using K8sBare.Cluster.Artifacts;
using K8sBare.Units.Components;

namespace K8sBare.Cluster.Rendering;

/// <summary>etcd members with TLS for clients and peers (components.md §10.1).</summary>
internal static class EtcdRendering
{
    public const string DataDir = "/var/lib/etcd";

    public static void Add(RenderContext ctx, HostArtifactsBuilder host)
    {
        var node = host.Node;
        if (!ComponentPlacement.Runs(ctx.Spec, node, ClusterComponent.Etcd)) return;
        var l = ctx.Layout;
        // Day 1 (no cluster yet, or offline): every member bootstraps together. Once a cluster exists, never "new":
        // the decision made from the hosts gives this member its exact --initial-cluster (EtcdStartPlan).
        var start = ctx.Options.Etcd?.Nodes.GetValueOrDefault(node.Name);
        var members = start is null
            ? ctx.Spec.EtcdNodes.Select(n => new EtcdMember(n.Name, EtcdPeer.PeerUrlOf(n))).ToList()
            : start.InitialCluster.Select(p => new EtcdMember(p.Name, p.PeerUrl)).ToList();
        var tls = new EtcdTlsOptions
        {
            TrustedCaFile = l.EtcdCaCertificate,
            CertFile = l.EtcdServerCertificate,
            KeyFile = l.EtcdServerKey,
            PeerTrustedCaFile = l.EtcdCaCertificate,
            PeerCertFile = l.EtcdPeerCertificate,
            PeerKeyFile = l.EtcdPeerKey,
        };
        var options = EtcdOptions.ForMember(node.Name, node.Address, members, tls, start is null ? EtcdClusterState.New : EtcdClusterState.Existing) with
        {
            EtcdVersion = ctx.EtcdVersion,
            DataDir = DataDir,
            InitialClusterToken = $"etcd-{ctx.Spec.Name}",
            BinaryPath = RenderContext.BinaryPath("etcd"),
            ExtraArgs = ctx.Spec.ExtraArgsFor("etcd"),
        };
        host.AddDirectory(new ArtifactDirectory(DataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, ClusterComponent.Etcd));
        ctx.AddComponent(host, ClusterComponents.Etcd, options);
    }
}
