using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace K8sBare.Cluster.Inventory;

/// <summary>A YAML node with its place in the file; mappings keep every key, duplicates included.</summary>
internal abstract record YamlNode(int Line, int Column);

internal sealed record YamlScalar(int Line, int Column, string Value, bool Quoted) : YamlNode(Line, Column)
{
    /// <summary>A plain <c>~</c>, <c>null</c> or empty scalar.</summary>
    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record YamlSequence(int Line, int Column, IReadOnlyList<YamlNode> Items) : YamlNode(Line, Column);

internal sealed record YamlMapping(int Line, int Column, IReadOnlyList<(YamlNode Key, YamlNode Value)> Entries) : YamlNode(Line, Column);

/// <summary>
/// Reads YAML into <see cref="YamlNode"/>s from the parser's events (so duplicate keys and the place of every
/// node survive). Aliases resolve to their anchored node.
/// </summary>
internal static class YamlTree
{
    /// <summary>Parses one document; null for an empty stream. Throws <see cref="YamlException"/> on syntax errors.</summary>
    public static YamlNode? Parse(string text, out int documents)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            return Parse(parser, out documents);
        }
        catch (InvalidOperationException e)
        {
            // The parser's Consume<T> reports an unexpected event this way; give it the place like any syntax error.
            var at = parser.Current?.Start ?? Mark.Empty;
            throw new YamlException(at, parser.Current?.End ?? at, $"Unexpected {parser.Current?.GetType().Name ?? "end of the text"} here.", e);
        }
    }

    private static YamlNode? Parse(Parser parser, out int documents)
    {
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        YamlNode? root = null;
        documents = 0;
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            documents++;
            var node = Read(parser, anchors);
            parser.Consume<DocumentEnd>();
            root ??= node;
        }

        parser.Consume<StreamEnd>();
        return root;
    }

    private static YamlNode Read(IParser parser, Dictionary<string, YamlNode> anchors)
    {
        var e = parser.Current ?? throw new YamlException("Unexpected end of the YAML stream.");
        var line = (int)e.Start.Line;
        var column = (int)e.Start.Column;
        switch (e)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlException(e.Start, e.End, $"The alias *{alias.Value.Value} names no anchor.");
            case Scalar scalar:
                parser.MoveNext();
                return Anchor(scalar.Anchor, new YamlScalar(line, column, scalar.Value, scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded), anchors);
            case SequenceStart seq:
            {
                parser.MoveNext();
                var items = new List<YamlNode>();
                while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(Read(parser, anchors));
                return Anchor(seq.Anchor, new YamlSequence(line, column, items), anchors);
            }

            case MappingStart map:
            {
                parser.MoveNext();
                var entries = new List<(YamlNode, YamlNode)>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = Read(parser, anchors);
                    entries.Add((key, Read(parser, anchors)));
                }

                return Anchor(map.Anchor, new YamlMapping(line, column, entries), anchors);
            }

            default:
                throw new YamlException(e.Start, e.End, $"Unexpected YAML event {e.GetType().Name}.");
        }
    }

    private static YamlNode Anchor(AnchorName anchor, YamlNode node, Dictionary<string, YamlNode> anchors)
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
        return node;
    }
}
