using K8sBare.Units.Services;

namespace K8sBare.Units.Components;

/// <summary>
/// The options of one host service (etcd, kube-apiserver, kubelet, …): validation, the service definition
/// (unit/script) and the config files it reads. Render everything at once with
/// <see cref="ComponentRendering.Render(IComponentOptions, InitSystem)"/>.
/// </summary>
public interface IComponentOptions
{
    /// <summary>Returns every problem with the options (empty when valid).</summary>
    IReadOnlyList<OptionProblem> Validate();

    /// <summary>The command line (argv after the binary) the service runs with.</summary>
    /// <exception cref="UnitsException">The options are invalid.</exception>
    IReadOnlyList<string> ToArgs();

    /// <summary>The init-agnostic service definition.</summary>
    /// <exception cref="UnitsException">The options are invalid.</exception>
    ServiceDefinition ToService();

    /// <summary>The config files the service reads (may be empty), at their default paths.</summary>
    /// <exception cref="UnitsException">The options are invalid.</exception>
    IReadOnlyList<RenderedFile> RenderConfigFiles();
}
