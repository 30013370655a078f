using K8sBare.Units.OpenRc;
using K8sBare.Units.Services;
using K8sBare.Units.Systemd;

namespace K8sBare.Units.Components;

/// <summary>Renders a <see cref="ServiceDefinition"/> for either init system.</summary>
public static class ServiceRendering
{
    /// <summary>The unit file (systemd) or init script (OpenRC) for <paramref name="service"/> at its default path.</summary>
    /// <param name="service">The init-agnostic definition.</param>
    /// <param name="init">systemd (a unit under <c>/etc/systemd/system</c>, mode 0644) or OpenRC (an <c>openrc-run</c> script under <c>/etc/init.d</c>, mode 0755).</param>
    /// <exception cref="UnitsException">The definition is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="init"/> is not a defined <see cref="InitSystem"/>.</exception>
    public static RenderedFile Render(this ServiceDefinition service, InitSystem init) => init switch
    {
        InitSystem.Systemd => SystemdUnitRenderer.Render(service),
        InitSystem.OpenRc => OpenRcScriptRenderer.Render(service),
        _ => throw new ArgumentOutOfRangeException(nameof(init), init, "unknown init system"),
    };
}
