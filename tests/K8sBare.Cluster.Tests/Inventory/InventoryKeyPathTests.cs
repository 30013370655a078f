using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using K8sBare.Cluster.Inventory.Documents;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Inventory;

/// <summary>
/// Reviewer's finding: the kubelet's resolvConf warning named <c>nodes[i].resolvConf</c>, a key the YAML inventory
/// lacked, and other messages named C# properties (<c>initSystem</c>, <c>architecture</c>, <c>hostPath</c>) instead of
/// the YAML keys (<c>init</c>, <c>arch</c>, <c>onHost</c>). Every key path a message of K8sBare.Cluster writes — in
/// every string literal of its source, <c>{at}</c> prefixes included — must exist in the inventory documents (the one
/// home of the key names).
/// </summary>
public sealed partial class InventoryKeyPathTests
{
    // Settings only the C# builder sets (no inventory key yet); their messages name the builder's path on purpose.
    private static readonly string[] BuilderOnlyRoots = ["containerRuntime", "kubeProxy", "podNetwork"];

    [Fact]
    public void Every_key_path_in_a_message_is_an_inventory_key()
    {
        var roots = typeof(InventoryDocument).GetProperties().Select(p => InventoryKeys.Of(p.Name)).ToList();
        var path = new Regex(@"(?<![\w.\-/\]])(?:" + string.Join("|", roots.Select(Regex.Escape)) + @")(?:\.[A-Za-z{][\w{}]*|\[[^\]\s]*\])+");
        var wrong = new List<string>();
        var checkedPaths = 0;
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Combine("src", "K8sBare.Cluster"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains("/obj/", StringComparison.Ordinal) || file.Contains("/bin/", StringComparison.Ordinal)) continue;
            var source = File.ReadAllText(file);
            // `{at}` is the node / binary / component path a rule builds once per file (var at = $"nodes[{i}]").
            var at = AtAssignment().Matches(source).Select(m => m.Groups[1].Value).Distinct().ToList();
            foreach (var literal in Literals(source))
            {
                var text = at.Count == 1 ? literal.Replace("{at}", Holes(at[0]), StringComparison.Ordinal) : literal;
                foreach (Match m in path.Matches(text))
                {
                    checkedPaths++;
                    if (Resolve(m.Value) is { } problem) wrong.Add($"{Path.GetFileName(file)}: '{m.Value}': {problem}");
                }
            }
        }

        Assert.True(checkedPaths > 50, $"only {checkedPaths} key paths found: the scanner is broken");
        Assert.Empty(wrong.Distinct());
    }

    [Fact]
    public void The_scanner_finds_a_csharp_property_name_and_a_missing_key()
    {
        Assert.NotNull(Resolve("nodes[{}].initSystem"));
        Assert.NotNull(Resolve("binaries.{}.hostPath"));
        Assert.Null(Resolve("nodes[{}].init"));
        Assert.Null(Resolve("extraArgs.{}[{}]"));
        Assert.Equal(["x nodes[{}].resolvConf y", "ssh.user"], Literals("var a = $\"x nodes[{i}].resolvConf y\"; b(\"ssh.user\", $\"{string.Join(\", \", z)}\");").Take(2));
    }

    /// <summary>Why <paramref name="keyPath"/> is not a path through the inventory documents, or null when it is.</summary>
    private static string? Resolve(string keyPath)
    {
        Type type = typeof(InventoryDocument);
        foreach (Match s in Segment().Matches(keyPath))
        {
            var key = s.Groups["key"].Value;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                type = type.GetGenericArguments()[1];
                continue;
            }

            if (s.Value.StartsWith('['))
            {
                if (!(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))) return $"'{s.Value}' indexes {type.Name}, which is not a list";
                type = type.GetGenericArguments()[0];
                continue;
            }

            if (key.Contains('{', StringComparison.Ordinal)) return null; // a computed key: not checkable here
            if (BuilderOnlyRoots.Contains(key) && type == typeof(InventoryDocument)) return null;
            var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => InventoryKeys.Of(p.Name) == key);
            if (property is null)
                return $"'{key}' is no key of {type.Name} (keys: {string.Join(", ", type.GetProperties().Select(p => InventoryKeys.Of(p.Name)))})";
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return null;
    }

    /// <summary>The texts of the string literals of C# source, interpolation holes as <c>{}</c>.</summary>
    private static IEnumerable<string> Literals(string source)
    {
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                i = source.IndexOf('\n', i) is var nl && nl < 0 ? source.Length : nl;
                continue;
            }

            if (source[i] == '\'' && i + 2 < source.Length)
            {
                i = source[i + 1] == '\\' ? source.IndexOf('\'', i + 3) : i + 2;
                continue;
            }

            if (source[i] != '"') continue;
            var interpolated = i > 0 && source[i - 1] == '$' || i > 1 && source[i - 2] == '$';
            var verbatim = i > 0 && source[i - 1] == '@' || i > 1 && source[i - 2] == '@';
            var text = new StringBuilder();
            i = ReadLiteral(source, i + 1, interpolated, verbatim, text);
            yield return text.ToString();
        }
    }

    // Reads after the opening quote to the closing one; returns its index. Holes are skipped, nested literals included.
    private static int ReadLiteral(string s, int i, bool interpolated, bool verbatim, StringBuilder text)
    {
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (!verbatim && c == '\\') { text.Append(c).Append(s[++i]); continue; }
            if (c == '"')
            {
                if (verbatim && i + 1 < s.Length && s[i + 1] == '"') { i++; text.Append('"'); continue; }
                return i;
            }

            if (interpolated && c == '{')
            {
                if (i + 1 < s.Length && s[i + 1] == '{') { i++; text.Append('{'); continue; }
                var depth = 1;
                for (i++; i < s.Length && depth > 0; i++)
                {
                    if (s[i] == '{') depth++;
                    else if (s[i] == '}') depth--;
                    else if (s[i] == '"') i = ReadLiteral(s, i + 1, s[i - 1] == '$', s[i - 1] == '@', new StringBuilder());
                }

                i--;
                text.Append("{}");
                continue;
            }

            text.Append(c);
        }

        return i;
    }

    private static string Holes(string interpolated) => HoleText().Replace(interpolated, "{}");

    [GeneratedRegex(@"var at = \$?""([^""]*)"";")]
    private static partial Regex AtAssignment();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex HoleText();

    [GeneratedRegex(@"^(?<key>[^.\[]+)|\.(?<key>[^.\[]+)|\[(?<key>[^\]]*)\]")]
    private static partial Regex Segment();
}
