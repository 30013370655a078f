using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sBare.Units.Formats;

/// <summary>Deterministic JSON text: insertion-ordered <see cref="JsonObject"/>s, two-space indent, LF, trailing newline.</summary>
public static class JsonText
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Renders a node.</summary>
    /// <param name="node">The JSON value (objects keep their insertion order); non-ASCII text is written unescaped.</param>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is null.</exception>
    public static string Render(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(Options).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>Renders a node on one line (for values stored in etcd).</summary>
    /// <param name="node">The JSON value, e.g. flannel's network config for its etcd key.</param>
    /// <returns>Compact JSON with no trailing newline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is null.</exception>
    public static string RenderCompact(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
