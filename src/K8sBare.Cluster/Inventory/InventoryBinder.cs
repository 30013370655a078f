using System.Globalization;
using System.Reflection;
using K8sBare.Cluster.Inventory.Documents;
using K8sBare.Cluster.Validation;

namespace K8sBare.Cluster.Inventory;

/// <summary>
/// Binds a <see cref="YamlNode"/> tree onto the inventory documents, reporting every shape problem — unknown or
/// duplicate keys, a list where a mapping belongs, text where a number belongs, an empty (<c>~</c>) entry — by
/// key path and line, in the inventory's words (never .NET type names). It also remembers where each key path
/// was written, so later problems can name their line.
/// </summary>
internal sealed class InventoryBinder
{
    /// <summary>Bound nodes before giving up (aliases can multiply a small file: "billion laughs").</summary>
    private const int MaxNodes = 100_000;

    private int _nodes;

    public List<InventoryProblem> Problems { get; } = [];

    /// <summary>Where each key path was written.</summary>
    public Dictionary<string, (int Line, int Column)> Places { get; } = new(StringComparer.Ordinal);

    public T? Bind<T>(YamlNode root)
        where T : class => (T?)Bind(root, typeof(T), "(root)");

    /// <summary>Problems kept; a file with thousands of broken entries reports the first ones.</summary>
    private const int MaxProblems = 50;

    public void Add(string path, string message, string fix, string code)
    {
        var (line, column) = Places.TryGetValue(path, out var at) ? at : (0, 0);
        Keep(new InventoryProblem(path, line, column, message, fix, code));
    }

    private void Add(string path, YamlNode at, string message, string fix, string code) =>
        Keep(new InventoryProblem(path, at.Line, at.Column, message, fix, code));

    private void Keep(InventoryProblem problem)
    {
        if (Problems.Count < MaxProblems) Problems.Add(problem);
        else if (Problems.Count == MaxProblems)
            Problems.Add(new InventoryProblem("(root)", 0, 0, $"More than {MaxProblems} problems; the rest are not listed.", "Fix these first.", problem.Code));
    }

    private object? Bind(YamlNode node, Type type, string path)
    {
        if (++_nodes > MaxNodes)
        {
            if (_nodes == MaxNodes + 1)
                Add(path, node, $"The inventory expands to more than {MaxNodes} values (aliases repeating aliases).", "Write the inventory without nested aliases.", ProblemCodes.InventoryTooLarge);
            return null;
        }

        Places.TryAdd(path, (node.Line, node.Column));
        if (node is YamlScalar { IsNull: true })
        {
            Add(path, node, $"'{path}' is empty (~ or null).", "Remove the key to use the default, or give it a value.", ProblemCodes.Missing);
            return null;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string)) return Scalar(node, path, "a text value", s => s.Value);
        if (target == typeof(int))
            return Scalar(node, path, "a whole number", s =>
                !s.Quoted && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : Wrong(path, node, $"'{s.Value}' is not a whole number (or is out of range).", "Write a number such as 22 or 6443."));
        if (target == typeof(bool))
            return Scalar(node, path, "true or false", s =>
                !s.Quoted && bool.TryParse(s.Value, out var b) ? b : Wrong(path, node, $"'{s.Value}' is not true or false.", "Write true or false."));
        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>))
            return List(node, target, path);
        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            return Map(node, target, path);
        return Document(node, target, path);
    }

    private object? Scalar(YamlNode node, string path, string what, Func<YamlScalar, object?> read)
    {
        if (node is YamlScalar s) return read(s);
        Add(path, node, $"'{path}' must be {what}, but it is {Describe(node)}.", $"Write {what} after '{Leaf(path)}:'.", ProblemCodes.InventoryWrongType);
        return null;
    }

    private object? Wrong(string path, YamlNode node, string message, string fix)
    {
        Add(path, node, message, fix, ProblemCodes.InventoryWrongType);
        return null;
    }

    private object? List(YamlNode node, Type listType, string path)
    {
        var itemType = listType.GetGenericArguments()[0];
        if (node is not YamlSequence seq)
        {
            Add(path, node, $"'{path}' must be a list, but it is {Describe(node)}.", $"Write the entries of '{Leaf(path)}' as a list ('- item' lines or [a, b]).", ProblemCodes.InventoryWrongType);
            return null;
        }

        var list = (System.Collections.IList)Activator.CreateInstance(listType)!;
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = Bind(seq.Items[i], itemType, $"{path}[{i}]");
            if (item is not null) list.Add(item);
        }

        return list;
    }

    private object? Map(YamlNode node, Type mapType, string path)
    {
        var valueType = mapType.GetGenericArguments()[1];
        if (node is not YamlMapping map)
        {
            Add(path, node, $"'{path}' must be a mapping of names to values, but it is {Describe(node)}.", $"Write '{Leaf(path)}' as 'name: value' lines or {{name: value}}.", ProblemCodes.InventoryWrongType);
            return null;
        }

        var dict = (System.Collections.IDictionary)Activator.CreateInstance(mapType, StringComparer.Ordinal)!;
        // Plain values (labels, flags) are addressed as path[key]; sections (binaries, extra args per component) as path.key.
        var bracket = valueType == typeof(string);
        foreach (var (k, v) in map.Entries)
        {
            if (KeyText(k, path) is not { } key) continue;
            var at = bracket ? $"{path}[{key}]" : $"{path}.{key}";
            if (dict.Contains(key))
            {
                Add(at, k, $"'{key}' is given twice in '{path}' (YAML keeps only one of them).", "Remove one of the two entries.", ProblemCodes.InventoryDuplicateKey);
                continue;
            }

            var value = Bind(v, valueType, at);
            if (value is not null) dict[key] = value;
        }

        return dict;
    }

    private object? Document(YamlNode node, Type type, string path)
    {
        if (node is not YamlMapping map)
        {
            Add(path, node, $"'{path}' must be a mapping (key: value lines), but it is {Describe(node)}.",
                path == "(root)" ? "Start the inventory with keys such as 'name:' and 'nodes:' (see samples/inventory/twenty.yaml)." : $"Write the keys of '{Leaf(path)}' indented under it.",
                ProblemCodes.InventoryWrongType);
            return null;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => InventoryKeys.Of(p.Name), StringComparer.Ordinal);
        var doc = Activator.CreateInstance(type)!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Entries)
        {
            if (KeyText(k, path) is not { } key) continue;
            var at = path == "(root)" ? key : $"{path}.{key}";
            if (!properties.TryGetValue(key, out var property))
            {
                Add(at, k, $"Unknown key '{key}' in {(path == "(root)" ? "the inventory" : $"'{path}'")}.", $"Use one of {string.Join(", ", properties.Keys)}.", ProblemCodes.InventoryUnknownKey);
                continue;
            }

            if (!seen.Add(key))
            {
                Add(at, k, $"'{key}' is given twice in {(path == "(root)" ? "the inventory" : $"'{path}'")} (YAML keeps only one of them).", "Remove one of the two entries.", ProblemCodes.InventoryDuplicateKey);
                continue;
            }

            var value = Bind(v, property.PropertyType, at);
            if (value is not null) property.SetValue(doc, value);
        }

        return doc;
    }

    private string? KeyText(YamlNode key, string path)
    {
        if (key is YamlScalar { IsNull: false } s) return s.Value;
        Add(path, key, $"A key in '{path}' is {Describe(key)}; keys must be plain names.", "Write 'name: value'.", ProblemCodes.InventoryWrongType);
        return null;
    }

    private static string Leaf(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? path : path[(dot + 1)..];
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalar s when s.IsNull => "empty",
        YamlScalar s => $"the text '{(s.Value.Length > 40 ? s.Value[..40] + "…" : s.Value)}'",
        YamlSequence => "a list",
        _ => "a mapping",
    };
}
