using System.CommandLine;
using K8sBare.Cli.Topologies;
using K8sBare.Cluster;
using K8sBare.Cluster.Inventory;

namespace K8sBare.Cli.Commands;

/// <summary>The options every command shares: which topology, which PKI store.</summary>
internal sealed class TopologyOptions
{
    public Option<FileInfo?> Inventory { get; } = new("--inventory", "-i") { Description = "A YAML inventory (see samples/inventory/twenty.yaml). Default: the embedded $20 cluster." };

    public Option<string> Topology { get; } = new("--topology") { Description = "An embedded topology when no inventory is given: twenty or ha.", DefaultValueFactory = _ => "twenty" };

    public Option<DirectoryInfo?> PkiDir { get; } = new("--pki-dir") { Description = "The local PKI store (CA keys live only here). Default: OUT/.pki for render, ./out/.pki otherwise." };

    public void AddTo(Command command)
    {
        command.Options.Add(Inventory);
        command.Options.Add(Topology);
        command.Options.Add(PkiDir);
    }

    public ClusterSpec Load(ParseResult result)
    {
        if (result.GetValue(Inventory) is { } file) return InventoryLoader.Load(file.FullName);
        return result.GetValue(Topology) switch
        {
            "ha" => HaCluster.Build(),
            "twenty" or null => TwentyDollarCluster.Build(),
            var other => throw new ArgumentException($"Unknown topology '{other}'. Use twenty or ha, or pass --inventory FILE."),
        };
    }

    /// <summary>The PKI store of every verb but render (which keeps it beside its output).</summary>
    public const string DefaultPkiDirectory = "out/.pki";

    public string PkiDirectory(ParseResult result, string fallback = DefaultPkiDirectory) => result.GetValue(PkiDir)?.FullName ?? Path.GetFullPath(fallback);
}
