using System.CommandLine;
using K8sBare.Cli.Topologies;
using K8sBare.Cluster;
using K8sBare.Cluster.Inventory;
using K8sBare.Cluster.Validation;

namespace K8sBare.Cli.Commands;

/// <summary>The options every command shares: which topology, which PKI store.</summary>
/// <param name="validation">
/// What the verb's spec is validated for when it is loaded (<see cref="ValidationOptions.ForApply"/> for verbs that
/// reach hosts): bad input gives every problem at once — YAML shape, words, paths and the spec's semantics.
/// </param>
internal sealed class TopologyOptions(ValidationOptions? validation = null)
{
    private readonly ValidationOptions _validation = validation ?? ValidationOptions.ForRender;

    public Option<FileInfo?> Inventory { get; } = new("--inventory", "-i") { Description = "A YAML inventory (see samples/inventory/twenty.yaml). Default: the embedded $20 cluster." };

    public Option<string> Topology { get; } = new("--topology") { Description = "An embedded topology when no inventory is given: twenty or ha.", DefaultValueFactory = _ => "twenty" };

    public Option<DirectoryInfo?> PkiDir { get; } = new("--pki-dir") { Description = "The local PKI store (CA keys live only here). Default: OUT/.pki for render, ./out/.pki otherwise." };

    public void AddTo(Command command)
    {
        command.Options.Add(Inventory);
        command.Options.Add(Topology);
        command.Options.Add(PkiDir);
    }

    /// <summary>The verb's spec, validated (every problem at once, as <see cref="InventoryException"/> or <see cref="ClusterValidationException"/>).</summary>
    public ClusterSpec Load(ParseResult result, ValidationOptions? validation = null)
    {
        var options = validation ?? _validation;
        if (result.GetValue(Inventory) is { } file) return InventoryLoader.Load(file.FullName, options);
        var spec = result.GetValue(Topology) switch
        {
            "ha" => HaCluster.Build(),
            "twenty" or null => TwentyDollarCluster.Build(),
            var other => throw new RefusedException($"Unknown topology '{other}'. Fix: use --topology twenty or ha, or pass --inventory FILE."),
        };
        spec.Validate(options).ThrowIfInvalid();
        return spec;
    }

    /// <summary>The PKI store of every verb but render (which keeps it beside its output).</summary>
    public const string DefaultPkiDirectory = "out/.pki";

    public string PkiDirectory(ParseResult result, string fallback = DefaultPkiDirectory) => result.GetValue(PkiDir)?.FullName ?? Path.GetFullPath(fallback);
}
