using K8sBare.Units.Services;

namespace K8sBare.Units;

/// <summary>Renders any <see cref="IComponentOptions"/> for an init system.</summary>
public static class ComponentRendering
{
    /// <summary>Validates, then renders the service file and the config files.</summary>
    /// <exception cref="UnitsException">Every problem <see cref="IComponentOptions.Validate"/> found.</exception>
    public static ComponentArtifacts Render(this IComponentOptions options, InitSystem init)
    {
        ArgumentNullException.ThrowIfNull(options);
        UnitsException.ThrowIfAny(options.Validate());
        var service = options.ToService();
        return new ComponentArtifacts(service, service.Render(init), options.RenderConfigFiles());
    }
}
