using K8sBare.Units.Services;

namespace K8sBare.Units.Components;

/// <summary>Renders any <see cref="IComponentOptions"/> for an init system.</summary>
public static class ComponentRendering
{
    /// <summary>Validates, then renders the service file and the config files.</summary>
    /// <param name="options">A component's options (e.g. <c>EtcdOptions</c>, <c>KubeletOptions</c>).</param>
    /// <param name="init">The init system to render the service file for (a systemd unit or an OpenRC script).</param>
    /// <returns>The service definition, its unit/script at the default path and the config files; nothing is written to a host.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="init"/> is not a defined <see cref="InitSystem"/>.</exception>
    /// <exception cref="UnitsException">Every problem <see cref="IComponentOptions.Validate"/> found.</exception>
    public static ComponentArtifacts Render(this IComponentOptions options, InitSystem init)
    {
        ArgumentNullException.ThrowIfNull(options);
        UnitsException.ThrowIfAny(options.Validate());
        var service = options.ToService();
        return new ComponentArtifacts(service, service.Render(init), options.RenderConfigFiles());
    }
}
