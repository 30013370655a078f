using K8sBare.Cluster.Inventory.Documents;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace K8sBare.Cluster.Inventory;

/// <summary>
/// Reads a YAML inventory into a <see cref="ClusterSpec"/> (the same spec the fluent builder makes).
/// Relative paths (SSH keys, local binaries) are resolved against the inventory file's folder.
/// Shape problems (unknown keys, unknown enum words) throw <see cref="InventoryException"/>; the
/// spec's semantics are checked by <see cref="ClusterSpec.Validate"/>.
/// </summary>
public static class InventoryLoader
{
    /// <summary>Loads an inventory file.</summary>
    /// <param name="path">The YAML file.</param>
    public static ClusterSpec Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new InventoryException(path, [$"file: '{full}' does not exist. Fix: pass the path of an inventory YAML file (see samples/inventory/twenty.yaml)."]);
        return Parse(File.ReadAllText(full), Path.GetDirectoryName(full)!, path);
    }

    /// <summary>Parses inventory YAML.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="baseDirectory">The folder relative paths are resolved against; null keeps them as written.</param>
    /// <param name="sourceName">A name for messages.</param>
    public static ClusterSpec Parse(string yaml, string? baseDirectory = null, string sourceName = "inline")
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build();
        InventoryDocument? doc;
        try
        {
            doc = deserializer.Deserialize<InventoryDocument>(yaml);
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message is { } m ? $" ({m})" : "";
            throw new InventoryException(sourceName,
                [$"line {e.Start.Line}, column {e.Start.Column}: {e.Message}{inner} Fix: check the key names and indentation against samples/inventory/twenty.yaml."]);
        }

        if (doc is null)
            throw new InventoryException(sourceName, ["(root): the inventory is empty. Fix: describe at least 'nodes'."]);
        var mapper = new InventoryMapper(baseDirectory);
        var spec = mapper.Map(doc);
        if (mapper.Problems.Count > 0) throw new InventoryException(sourceName, mapper.Problems);
        return spec;
    }
}
