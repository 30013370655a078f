using YamlDotNet.RepresentationModel;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>One document of a multi-document YAML manifest: its original text and its identity.</summary>
public sealed record ManifestDocument
{
    /// <summary>The document text as written.</summary>
    public required string Yaml { get; init; }

    /// <summary>The document as JSON (plain YAML scalars resolved by the YAML 1.2 core schema), sent as the apply patch.</summary>
    public required string Json { get; init; }

    /// <summary>apiVersion.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>kind.</summary>
    public required string Kind { get; init; }

    /// <summary>metadata.name.</summary>
    public required string Name { get; init; }

    /// <summary>metadata.namespace, if set.</summary>
    public string? Namespace { get; init; }

    /// <summary>Splits on <c>---</c> lines, skips empty documents (blank or comments only), and reads each one's identity.</summary>
    /// <param name="yaml">The manifest text (LF or CRLF).</param>
    /// <param name="source">Names the manifest in error messages, e.g. a file name.</param>
    /// <returns>The documents in order.</returns>
    /// <exception cref="FormatException">A document is not YAML, not a mapping, or lacks apiVersion, kind or metadata.name (the message names its position).</exception>
    public static IReadOnlyList<ManifestDocument> Split(string yaml, string source = "manifest")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var docs = new List<ManifestDocument>();
        var current = new List<string>();
        var index = 0;
        void Flush()
        {
            var text = string.Join('\n', current).Trim('\n');
            current.Clear();
            index++;
            if (text.Split('\n').All(l => l.TrimStart().Length == 0 || l.TrimStart().StartsWith('#'))) return;
            docs.Add(Parse(text + "\n", $"{source} document {index}"));
        }
        foreach (var raw in yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw == "---" || raw.StartsWith("--- ", StringComparison.Ordinal)) Flush();
            else if (raw == "...") continue;
            else current.Add(raw);
        }
        Flush();
        return docs;
    }

    private static ManifestDocument Parse(string text, string where)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlDotNet.Core.YamlException ex) { throw new FormatException($"{where} is not valid YAML: {ex.Message}", ex); }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new FormatException($"{where} is not a Kubernetes object (expected a mapping with apiVersion, kind and metadata).");
        string? Scalar(YamlMappingNode n, string key) =>
            n.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
        var apiVersion = Scalar(root, "apiVersion") ?? throw new FormatException($"{where} has no apiVersion.");
        var kind = Scalar(root, "kind") ?? throw new FormatException($"{where} has no kind.");
        var meta = root.Children.TryGetValue(new YamlScalarNode("metadata"), out var m) ? m as YamlMappingNode : null;
        var name = (meta is null ? null : Scalar(meta, "name")) ?? throw new FormatException($"{where} ({kind}) has no metadata.name.");
        return new ManifestDocument
        {
            Yaml = text, Json = YamlJson.ToJson(root)!.ToJsonString(), ApiVersion = apiVersion, Kind = kind, Name = name, Namespace = meta is null ? null : Scalar(meta, "namespace"),
        };
    }
}
