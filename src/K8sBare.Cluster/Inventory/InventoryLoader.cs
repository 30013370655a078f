using K8sBare.Cluster.Inventory.Documents;
using K8sBare.Cluster.Validation;
using YamlDotNet.Core;

namespace K8sBare.Cluster.Inventory;

/// <summary>
/// Reads a YAML inventory into a <see cref="ClusterSpec"/> (the same spec the fluent builder makes).
/// Relative paths (SSH keys, local binaries) are resolved against the inventory file's folder.
/// Relative paths must stay inside that folder (an absolute path names a file elsewhere explicitly).
/// Shape problems (syntax, unknown or duplicate keys, wrong kinds of values, unknown words) throw
/// <see cref="InventoryException"/> naming the key path and line; the spec's semantics are checked by
/// <see cref="Validation.ClusterSpecValidation.Validate"/>, or — with the <see cref="ValidationOptions"/> overloads —
/// in the same pass, so bad input gives every problem at once, each with its key path, line and fix.
/// </summary>
public static class InventoryLoader
{
    /// <summary>The largest inventory read (1 MiB); a real one is a few kilobytes.</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>Loads an inventory file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <exception cref="InventoryException">The file is missing, not YAML text, or not shaped like an inventory.</exception>
    public static ClusterSpec Load(string path) => Load(path, null);

    /// <summary>
    /// Loads an inventory file and validates the spec in the same pass: every problem — YAML shape, unknown words,
    /// paths, and the spec's validation errors — is in one <see cref="InventoryException"/>, each under its YAML key
    /// path with its line (a validation error under a key whose value could not be read is left out: it would only
    /// repeat that problem).
    /// </summary>
    /// <param name="path">The YAML file.</param>
    /// <param name="validation">What to validate for (<see cref="ValidationOptions.ForRender"/>, <see cref="ValidationOptions.ForApply"/>); null reads the shape only.</param>
    /// <returns>The spec, free of validation errors when <paramref name="validation"/> is given (warnings are the caller's to show).</returns>
    /// <exception cref="InventoryException">The file is missing, not YAML text, not shaped like an inventory, or the spec has errors.</exception>
    public static ClusterSpec Load(string path, ValidationOptions? validation)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw Single(path, "file", $"'{full}' does not exist.", "Pass the path of an inventory YAML file (see samples/inventory/twenty.yaml).", ProblemCodes.InventoryFileMissing);
        if (new FileInfo(full).Length > MaxLength)
            throw Single(path, "(root)", $"The file is larger than {MaxLength} bytes; an inventory is a few kilobytes.", "Pass the inventory YAML file.", ProblemCodes.InventoryTooLarge);
        return Read(File.ReadAllText(full), Path.GetDirectoryName(full)!, path, validation);
    }

    /// <summary>Parses inventory YAML.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="baseDirectory">The folder relative paths are resolved against; null keeps them as written.</param>
    /// <param name="sourceName">A name for messages.</param>
    /// <exception cref="InventoryException">The text is not YAML or not shaped like an inventory.</exception>
    public static ClusterSpec Parse(string yaml, string? baseDirectory = null, string sourceName = "inline") => Read(yaml, baseDirectory, sourceName, null);

    /// <summary>Parses inventory YAML and validates the spec in the same pass (see <see cref="Load(string, ValidationOptions?)"/>).</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="validation">What to validate for.</param>
    /// <param name="baseDirectory">The folder relative paths are resolved against; null keeps them as written.</param>
    /// <param name="sourceName">A name for messages.</param>
    /// <returns>The spec, free of validation errors.</returns>
    /// <exception cref="InventoryException">The text is not YAML, not shaped like an inventory, or the spec has errors (all listed).</exception>
    public static ClusterSpec Parse(string yaml, ValidationOptions validation, string? baseDirectory = null, string sourceName = "inline")
    {
        ArgumentNullException.ThrowIfNull(validation);
        return Read(yaml, baseDirectory, sourceName, validation);
    }

    private static ClusterSpec Read(string yaml, string? baseDirectory, string sourceName, ValidationOptions? validation)
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

        // One round: shape problems, unknown words and paths, then (when asked) the spec's validation errors, all
        // collected before anything is thrown. A value that could not be read is left at its default for the rest.
        var binder = new InventoryBinder();
        var doc = binder.Bind<InventoryDocument>(root);
        if (doc is null) throw new InventoryException(sourceName, binder.Problems);

        var spec = new InventoryMapper(baseDirectory, binder).Map(doc);
        if (validation is not null)
        {
            var unreadable = binder.Problems.Select(p => p.Path).ToList();
            foreach (var e in spec.Validate(validation).Errors)
                if (!unreadable.Any(u => IsUnder(e.Field, u))) binder.Add(e.Field, e.Message, e.Fix, e.Code);
        }

        if (binder.Problems.Count > 0) throw new InventoryException(sourceName, binder.Problems);
        return spec;
    }

    /// <summary>Whether key path <paramref name="field"/> is <paramref name="path"/> or below it (<c>nodes[0].ssh</c> is under <c>nodes[0]</c> and <c>nodes</c>).</summary>
    private static bool IsUnder(string field, string path) =>
        path == "(root)" || field == path || (field.StartsWith(path, StringComparison.Ordinal) && field[path.Length] is '.' or '[')
        || (path.StartsWith(field, StringComparison.Ordinal) && path[field.Length] is '.' or '[');

    private static InventoryException Single(string source, string path, string message, string fix, string code) =>
        new(source, [new InventoryProblem(path, 0, 0, message, fix, code)]);
}
