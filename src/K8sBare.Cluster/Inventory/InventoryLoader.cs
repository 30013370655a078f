using K8sBare.Cluster.Inventory.Documents;
using K8sBare.Cluster.Validation;
using YamlDotNet.Core;

namespace K8sBare.Cluster.Inventory;

/// <summary>
/// Reads a YAML inventory into a <see cref="ClusterSpec"/> (the same spec the fluent builder makes).
/// Relative paths (SSH keys, local binaries) are resolved against the inventory file's folder.
/// Shape problems (syntax, unknown or duplicate keys, wrong kinds of values, unknown words) throw
/// <see cref="InventoryException"/> naming the key path and line; the spec's semantics are checked by
/// <see cref="Validation.ClusterSpecValidation.Validate"/>.
/// </summary>
public static class InventoryLoader
{
    /// <summary>The largest inventory read (1 MiB); a real one is a few kilobytes.</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>Loads an inventory file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <exception cref="InventoryException">The file is missing, not YAML text, or not shaped like an inventory.</exception>
    public static ClusterSpec Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw Single(path, "file", $"'{full}' does not exist.", "Pass the path of an inventory YAML file (see samples/inventory/twenty.yaml).", ProblemCodes.InventoryFileMissing);
        if (new FileInfo(full).Length > MaxLength)
            throw Single(path, "(root)", $"The file is larger than {MaxLength} bytes; an inventory is a few kilobytes.", "Pass the inventory YAML file.", ProblemCodes.InventoryTooLarge);
        return Parse(File.ReadAllText(full), Path.GetDirectoryName(full)!, path);
    }

    /// <summary>Parses inventory YAML.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="baseDirectory">The folder relative paths are resolved against; null keeps them as written.</param>
    /// <param name="sourceName">A name for messages.</param>
    /// <exception cref="InventoryException">The text is not YAML or not shaped like an inventory.</exception>
    public static ClusterSpec Parse(string yaml, string? baseDirectory = null, string sourceName = "inline")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > MaxLength)
            throw Single(sourceName, "(root)", $"The text is longer than {MaxLength} characters; an inventory is a few kilobytes.", "Pass the inventory YAML file.", ProblemCodes.InventoryTooLarge);
        // A binary file read as UTF-8 has NULs or replacement characters; the YAML parser would report a
        // confusing "special characters are not allowed" somewhere in the middle.
        var bad = yaml.IndexOfAny(['\0', '\uFFFD']);
        if (bad >= 0)
        {
            var line = 1 + yaml.AsSpan(0, bad).Count('\n');
            throw new InventoryException(sourceName, [new InventoryProblem("(root)", line, 0, "The file is not YAML text: it has binary bytes (NUL or invalid UTF-8).", "Pass the inventory YAML file, saved as UTF-8 text.", ProblemCodes.InventoryNotText)]);
        }

        YamlNode? root;
        int documents;
        try
        {
            root = YamlTree.Parse(yaml, out documents);
        }
        catch (YamlException e)
        {
            throw new InventoryException(sourceName,
                [new InventoryProblem("(root)", (int)e.Start.Line, (int)e.Start.Column, $"This is not valid YAML: {e.Message}", "Check the indentation, quotes and ':' around this place against samples/inventory/twenty.yaml.", ProblemCodes.InventorySyntax)]);
        }

        if (root is null || root is YamlScalar { IsNull: true })
            throw Single(sourceName, "(root)", "The inventory is empty.", "Describe at least 'nodes' (see samples/inventory/twenty.yaml).", ProblemCodes.InventoryEmpty);
        if (documents > 1)
            throw Single(sourceName, "(root)", $"The file holds {documents} YAML documents ('---'); an inventory is one.", "Keep one document per inventory file.", ProblemCodes.InventoryMultipleDocuments);

        var binder = new InventoryBinder();
        var doc = binder.Bind<InventoryDocument>(root);
        if (binder.Problems.Count > 0 || doc is null) throw new InventoryException(sourceName, binder.Problems);

        var mapper = new InventoryMapper(baseDirectory, binder);
        var spec = mapper.Map(doc);
        if (binder.Problems.Count > 0) throw new InventoryException(sourceName, binder.Problems);
        return spec;
    }

    private static InventoryException Single(string source, string path, string message, string fix, string code) =>
        new(source, [new InventoryProblem(path, 0, 0, message, fix, code)]);
}
