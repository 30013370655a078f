using K8sBare.Units.OpenRc;
using K8sBare.Units.Systemd;

namespace K8sBare.Units.Services;

/// <summary>Renders a <see cref="ServiceDefinition"/> for either init system.</summary>
public static class ServiceRendering
{
    /// <summary>The unit file (systemd) or init script (OpenRC) for <paramref name="service"/> at its default path.</summary>
    /// <exception cref="UnitsException">The definition is invalid.</exception>
    public static RenderedFile Render(this ServiceDefinition service, InitSystem init) => init switch
    {
        InitSystem.Systemd => SystemdUnitRenderer.Render(service),
        InitSystem.OpenRc => OpenRcScriptRenderer.Render(service),
        _ => throw new ArgumentOutOfRangeException(nameof(init), init, "unknown init system"),
    };
}
