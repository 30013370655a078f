using K8sBare.Units.Services;

namespace K8sBare.Units.Components;

/// <summary>Everything one component needs on a host: its service definition, the unit/script file and its config files.</summary>
/// <param name="Service">The init-agnostic definition.</param>
/// <param name="ServiceFile">The systemd unit or OpenRC script.</param>
/// <param name="ConfigFiles">Config files the service reads.</param>
public sealed record ComponentArtifacts(ServiceDefinition Service, RenderedFile ServiceFile, IReadOnlyList<RenderedFile> ConfigFiles)
{
    /// <summary>The service file followed by the config files.</summary>
    public IReadOnlyList<RenderedFile> Files => [ServiceFile, .. ConfigFiles];
}
