using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Validation;
using K8sBare.Pki.Catalog;
using K8sBare.Units;
using K8sBare.Units.Components;
using UnitsInit = K8sBare.Units.InitSystem;

namespace K8sBare.Cluster.Rendering;

/// <summary>Everything the component renderers share: the spec, derived addresses and paths.</summary>
internal sealed class RenderContext
{
    public RenderContext(ClusterSpec spec, RenderOptions options, PkiLayout layout)
    {
        Spec = spec;
        Options = options;
        Layout = layout;
        // The spec's version passed VersionNumber's strict syntax in validation; the components read only major.minor.
        VersionNumber.TryParse(spec.Versions.Kubernetes, out var k8s);
        Kubernetes = new KubernetesVersion(k8s.Major, k8s.Minor);
        VersionNumber.TryParse(spec.Versions.Etcd, out var etcd);
        EtcdVersion = new Version(etcd.Major, etcd.Minor);
        VersionNumber.TryParse(spec.Versions.Containerd, out var ctrd);
        Containerd = ctrd;
        EtcdClientUrls = ClusterEndpoints.EtcdClients(spec).Select(u => u.OriginalString).ToList();
    }

    public ClusterSpec Spec { get; }

    public RenderOptions Options { get; }

    public PkiLayout Layout { get; }

    public KubernetesVersion Kubernetes { get; }

    public Version EtcdVersion { get; }

    public VersionNumber Containerd { get; }

    /// <summary>https://ip:2379 for every etcd member, in spec order.</summary>
    public IReadOnlyList<string> EtcdClientUrls { get; }

    /// <summary>The first control-plane node.</summary>
    public NodeSpec FirstControlPlane => Spec.ControlPlaneNodes.First();

    public static UnitsInit Init(NodeSpec node) => node.InitSystem == InitSystem.OpenRc ? UnitsInit.OpenRc : UnitsInit.Systemd;

    /// <summary>Where services find a binary: always its install path (the binaries phase links on-host copies there).</summary>
    public static string BinaryPath(string name) =>
        KnownBinaries.Find(name)?.InstallPath ?? throw new InvalidOperationException($"K8sBare bug: unknown binary '{name}'.");

    public static string UrlHost(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;

    /// <summary>Renders a component for a host and records its files, service and binaries (binaries, phase and start order from its descriptor).</summary>
    public void AddComponent(HostArtifactsBuilder host, ComponentDescriptor descriptor, IComponentOptions options)
    {
        var init = Init(host.Node);
        var rendered = options.Render(init);
        if (rendered.Service.Name != descriptor.Service)
            throw new InvalidOperationException($"K8sBare bug: {descriptor.Component} renders service '{rendered.Service.Name}' but its descriptor says '{descriptor.Service}'.");
        var unitPath = rendered.ServiceFile.Path;
        host.AddFile(ToArtifact(rendered.ServiceFile, descriptor.Component, ArtifactKind.Service));
        foreach (var f in rendered.ConfigFiles) host.AddFile(ToArtifact(f, descriptor.Component, ArtifactKind.Config));
        AddBinaries(host, descriptor.Component, descriptor.Binaries);
        foreach (var p in descriptor.ProvidedPaths) host.Provided(p);
        if (init == UnitsInit.OpenRc)
        {
            // openrc-run and supervise-daemon create the pid file and the logs the script names.
            var script = K8sBare.Units.OpenRc.OpenRcScriptRenderer.ToScript(rendered.Service);
            foreach (var p in new[] { script.PidFile, script.OutputLog, script.ErrorLog })
                if (p is not null) host.Provided(p);
        }

        host.AddService(new ServiceArtifact
        {
            Name = rendered.Service.Name,
            Component = descriptor.Component,
            InitSystem = host.Node.InitSystem,
            UnitPath = unitPath,
            Binaries = descriptor.Binaries,
            Files = rendered.Files.Select(f => f.Path).ToList(),
            StartOrder = descriptor.StartOrder,
            Phase = descriptor.Phase,
            RestartOn = descriptor.RestartOn,
        });
    }

    public void AddBinaries(HostArtifactsBuilder host, ClusterComponent component, IEnumerable<string> binaries)
    {
        foreach (var b in binaries)
            host.AddBinary(new BinaryArtifact(b, BinaryPath(b), Spec.SourceOf(b), component));
    }

    public static ArtifactFile ToArtifact(RenderedFile f, ClusterComponent component, ArtifactKind kind) => new()
    {
        Path = f.Path,
        Content = f.Content,
        Mode = f.Mode,
        Owner = f.Owner ?? "root:root",
        Component = component,
        Kind = kind,
    };
}
