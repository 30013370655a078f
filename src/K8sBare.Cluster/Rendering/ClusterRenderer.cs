using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Validation;
using K8sBare.Pki.Generation;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Rendering;

/// <summary>
/// Renders a <see cref="ClusterSpec"/> into <see cref="ClusterArtifacts"/>: every file, directory, service
/// and binary per host. <see cref="Render"/> is pure (same spec + same PKI = same bytes); the PKI itself
/// comes from K8sBare.Pki, loaded from (or created into) a local <see cref="PkiStore"/> by
/// <see cref="RenderAsync"/>.
/// </summary>
public static class ClusterRenderer
{
    /// <summary>The Secrets-at-rest key loaded with each PKI (the key lives in the same store).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GeneratedPki, string> EncryptionKeys = [];

    /// <summary>Loads or creates the PKI in <paramref name="pkiDirectory"/>, then renders.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="pkiDirectory">The local PKI store (CA keys live only here).</param>
    /// <param name="options">Host facts; null renders with offline defaults.</param>
    /// <param name="logger">Optional logger.</param>
    /// <param name="cancellationToken">Cancels PKI generation.</param>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    public static async Task<ClusterArtifacts> RenderAsync(ClusterSpec spec, string pkiDirectory, RenderOptions? options = null,
        ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        using var pki = await LoadPkiAsync(spec, pkiDirectory, logger, cancellationToken).ConfigureAwait(false);
        return Render(spec, pki, options);
    }

    /// <summary>Loads the cluster's PKI from a local store, generating (and saving) what is missing or stale.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="pkiDirectory">The store folder; created with mode 0700 when missing.</param>
    /// <param name="logger">Optional logger.</param>
    /// <param name="cancellationToken">Cancels generation.</param>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    public static async Task<GeneratedPki> LoadPkiAsync(ClusterSpec spec, string pkiDirectory, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(ValidationOptions.ForRender).ThrowIfInvalid();
        return await LoadValidatedPkiAsync(spec, pkiDirectory, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><see cref="LoadPkiAsync"/> for a spec the caller validated (validation runs once per operation).</summary>
    internal static async Task<GeneratedPki> LoadValidatedPkiAsync(ClusterSpec spec, string pkiDirectory, ILogger? logger, CancellationToken cancellationToken, IReadOnlySet<string>? hosts = null)
    {
        if (!Directory.Exists(pkiDirectory))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(pkiDirectory);
            else Directory.CreateDirectory(pkiDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var pki = await ClusterPkiGenerator.GenerateAsync(ClusterPkiMapping.ToCatalog(spec, hosts), new PkiStore(pkiDirectory), logger, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (spec.Pki.EncryptSecretsAtRest)
            EncryptionKeys.AddOrUpdate(pki, await SecretsEncryptionKey.LoadOrCreateAsync(pkiDirectory, cancellationToken).ConfigureAwait(false));
        return pki;
    }

    /// <summary>
    /// The API URL for artifacts used off the nodes (the operator's admin.kubeconfig). Every endpoint mode but
    /// local-proxy already names an address reachable from outside; a local proxy listens on each node's 127.0.0.1,
    /// so the operator goes to the external load balancer (<see cref="ApiEndpoint.Host"/>), else the first extra SAN
    /// (a public API name), else the first control-plane node.
    /// </summary>
    /// <param name="spec">A valid spec.</param>
    /// <returns>The URL, or null for the PKI topology's own (off-node) URL.</returns>
    public static string? OperatorApiServerUrl(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var e = spec.ApiEndpoint;
        if (e.Mode != ApiEndpointMode.LocalProxy) return null;
        var host = e.Host ?? (e.ExtraSans.Count > 0 ? e.ExtraSans[0] : spec.ControlPlaneNodes.First().Address);
        return $"https://{RenderContext.UrlHost(host)}:{e.Port}";
    }

    /// <summary>Renders the cluster with an already generated PKI. Pure and offline.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="pki">The PKI (from <see cref="LoadPkiAsync"/> or <see cref="ClusterPkiGenerator"/>).</param>
    /// <param name="options">Host facts; null renders with offline defaults.</param>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    public static ClusterArtifacts Render(ClusterSpec spec, GeneratedPki pki, RenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pki);
        spec.Validate(ValidationOptions.ForRender).ThrowIfInvalid();
        return RenderValidated(spec, pki, options);
    }

    /// <summary><see cref="Render"/> for a spec the caller validated (validation runs once per operation).</summary>
    internal static ClusterArtifacts RenderValidated(ClusterSpec spec, GeneratedPki pki, RenderOptions? options)
    {
        options ??= new RenderOptions();
        if (spec.Pki.EncryptSecretsAtRest && options.SecretsEncryptionKey is null)
        {
            if (!EncryptionKeys.TryGetValue(pki, out var key))
                throw new ArgumentException("The spec encrypts Secrets at rest: load the PKI with LoadPkiAsync (which loads the key from the store) or pass RenderOptions.SecretsEncryptionKey.", nameof(options));
            options = options with { SecretsEncryptionKey = key };
        }

        var ctx = new RenderContext(spec, options, pki.Catalog.Options.Layout);
        var resources = ClusterResourcesRendering.Render(spec);

        var hosts = new List<HostArtifacts>(spec.Nodes.Count);
        foreach (var node in spec.Nodes)
        {
            if (options?.Hosts is { } only && !only.Contains(node.Name)) continue;
            var host = new HostArtifactsBuilder(node);
            HostPrepRendering.Add(ctx, host);
            PkiRendering.Add(pki, host);
            EtcdRendering.Add(ctx, host);
            ControlPlaneRendering.Add(ctx, host);
            WorkerRendering.Add(ctx, host);
            CoreDnsRendering.Add(ctx, host);
            ApiEndpointRendering.Add(ctx, host);
            if (node == ctx.FirstControlPlane)
                foreach (var f in resources) host.AddFile(f);
            var built = host.Build();
            ReferencedPathCheck.Check(spec, built, host.ProvidedPaths, options?.SecretsEncryptionKey is { } key ? [key] : null);
            hosts.Add(built);
        }

        var admin = pki.Kubeconfig(Pki.Catalog.CatalogEntryNames.Admin, OperatorApiServerUrl(spec)).ToYaml();
        var operatorFiles = new SortedDictionary<string, ArtifactFile>(StringComparer.Ordinal)
        {
            ["admin.kubeconfig"] = new ArtifactFile { Path = "/admin.kubeconfig", Content = admin, Mode = ArtifactFile.PrivateMode, Component = ClusterComponent.KubeApiserver, Kind = ArtifactKind.Pki },
        };
        if (ExternalLoadBalancerRendering.Render(spec) is { } lb) operatorFiles[ExternalLoadBalancerRendering.FileName] = lb;
        return new ClusterArtifacts
        {
            Spec = spec,
            Hosts = hosts,
            FlannelNetworkConfig = WorkerRendering.FlannelNetwork(spec).Render(),
            RbacManifest = string.Join("---\n", resources.Select(r => r.Content)),
            OperatorFiles = operatorFiles,
        };
    }
}
