using K8sBare.Cluster.Management;
using k8s;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Planning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sBare.Cluster.DependencyInjection;

/// <summary>Registers K8sBare for DI users. Nothing in K8sBare requires DI: every type can be constructed directly.</summary>
public static class K8sBareServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IHostConnectionFactory"/> (SSH, or folders when <see cref="K8sBareOptions.FolderRoot"/> is set),
    /// <see cref="ClusterManager"/> (the entry point, configured from <see cref="K8sBareOptions"/>, the registered
    /// <see cref="ILoggerFactory"/> and <c>IProgress&lt;ApplyEvent&gt;</c> when there are ones), the shortcuts <see cref="ClusterApplier"/>, <see cref="ClusterPlanner"/>, <see cref="K8sBareClient"/>, and the official client
    /// <see cref="IKubernetes"/> (a singleton built on first use from <see cref="K8sBareOptions.AdminKubeconfigPath"/> by
    /// <see cref="KubernetesClientFactory"/>, disposed with the container); loggers come from <see cref="ILoggerFactory"/>
    /// when one is registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddK8sBare(this IServiceCollection services, Action<K8sBareOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<K8sBareOptions>();
        if (configure is not null) builder.Configure(configure);
        services.AddSingleton<IHostConnectionFactory>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<K8sBareOptions>>().Value;
            return o.FolderRoot is { } root
                ? new DirectoryConnectionFactory(root)
                : new SshConnectionFactory(o.HostKeyPolicy, Logger(sp, "K8sBare.Remote"));
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<K8sBareOptions>>().Value;
            var builder = new ClusterManagerBuilder()
                .UsePkiDirectory(o.PkiDirectory)
                .UseConnections(sp.GetRequiredService<IHostConnectionFactory>())
                .UseRollout(o.Rollout);
            if (sp.GetService<ILoggerFactory>() is { } loggers) builder.UseLoggerFactory(loggers);
            if (sp.GetService<IProgress<ApplyEvent>>() is { } progress) builder.UseProgress(progress);
            if (o.ApiServer is { } server) builder.UseApiServer(server);
            return builder.Build();
        });
        services.AddSingleton(sp => new ClusterApplier(sp.GetRequiredService<IHostConnectionFactory>(), Logger(sp, typeof(ClusterApplier).FullName!)));
        services.AddSingleton(sp => new ClusterPlanner(sp.GetRequiredService<IHostConnectionFactory>(), Logger(sp, typeof(ClusterPlanner).FullName!)));
        services.AddSingleton<K8sBareClient>();
        services.AddSingleton<IKubernetes>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<K8sBareOptions>>().Value;
            var path = o.AdminKubeconfigPath ?? throw new InvalidOperationException(
                "IKubernetes needs K8sBareOptions.AdminKubeconfigPath: set it to the rendered admin kubeconfig (render --out DIR writes DIR/admin.kubeconfig) in AddK8sBare(o => ...).");
            if (!File.Exists(path))
                throw new FileNotFoundException($"K8sBareOptions.AdminKubeconfigPath '{path}' does not exist; render the cluster first (render --out DIR writes DIR/admin.kubeconfig).", path);
            return KubernetesClientFactory.FromKubeconfig(File.ReadAllText(path), new KubernetesConnectionOptions { Server = o.ApiServer });
        });
        return services;
    }

    private static ILogger? Logger(IServiceProvider sp, string category) => sp.GetService<ILoggerFactory>()?.CreateLogger(category);
}
