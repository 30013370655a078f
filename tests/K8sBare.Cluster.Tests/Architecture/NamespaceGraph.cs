using System.Reflection;
using System.Reflection.Emit;

namespace K8sBare.Cluster.Tests.Architecture;

/// <summary>
/// The namespace dependency graph of one assembly, read from its compiled metadata: every type's base type,
/// interfaces, attributes, fields, properties, events, method signatures and generic constraints, and every
/// method body's local variables and the types, methods and fields its IL names (nested and compiler-generated
/// types — lambdas, closures, async state machines — count for the namespace that declares them).
/// Only edges between namespaces of the same assembly are kept: references between assemblies cannot form a
/// cycle (assembly references are acyclic).
/// </summary>
internal sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private readonly Assembly _assembly;

    /// <summary>Edges: from namespace → to namespace → one example ("Type.Member uses Type").</summary>
    public SortedDictionary<string, SortedDictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>IL tokens that could not be resolved (kept so that a silent gap in the scan is visible).</summary>
    public List<string> Unresolved { get; } = [];

    private NamespaceGraph(Assembly assembly) => _assembly = assembly;

    public static NamespaceGraph Of(Assembly assembly)
    {
        var graph = new NamespaceGraph(assembly);
        foreach (var type in assembly.GetTypes())
            graph.Scan(type);
        return graph;
    }

    /// <summary>Builds a graph from explicit edges (for testing the cycle search itself).</summary>
    public static NamespaceGraph FromEdges(params (string From, string To)[] edges)
    {
        var graph = new NamespaceGraph(typeof(NamespaceGraph).Assembly);
        foreach (var (from, to) in edges)
            graph.AddEdge(from, to, $"{from} -> {to}");
        return graph;
    }

    private void Scan(Type type)
    {
        var from = type.Namespace;
        if (string.IsNullOrEmpty(from))
            return; // <PrivateImplementationDetails> and other compiler-emitted global types
        var who = type.FullName ?? type.Name;

        Use(from, who + " (base)", type.BaseType);
        foreach (var i in type.GetInterfaces()) Use(from, who + " (interface)", i);
        foreach (var a in type.GetCustomAttributesData()) Use(from, who + " [attribute]", a.AttributeType);
        if (type.IsGenericTypeDefinition)
            foreach (var g in type.GetGenericArguments())
                foreach (var c in g.GetGenericParameterConstraints()) Use(from, who + " (constraint)", c);

        foreach (var f in type.GetFields(Everything))
            Use(from, $"{who}.{f.Name}", f.FieldType);
        foreach (var p in type.GetProperties(Everything))
            Use(from, $"{who}.{p.Name}", p.PropertyType);
        foreach (var e in type.GetEvents(Everything))
            Use(from, $"{who}.{e.Name}", e.EventHandlerType);
        foreach (var c in type.GetConstructors(Everything))
            ScanMethod(from, who, type, c);
        foreach (var m in type.GetMethods(Everything))
        {
            Use(from, $"{who}.{m.Name} (returns)", m.ReturnType);
            if (m.IsGenericMethodDefinition)
                foreach (var g in m.GetGenericArguments())
                    foreach (var c in g.GetGenericParameterConstraints()) Use(from, $"{who}.{m.Name} (constraint)", c);
            ScanMethod(from, who, type, m);
        }
    }

    private void ScanMethod(string from, string who, Type type, MethodBase method)
    {
        var where = $"{who}.{method.Name}";
        foreach (var p in method.GetParameters()) Use(from, where + " (parameter)", p.ParameterType);
        foreach (var a in method.GetCustomAttributesData()) Use(from, where + " [attribute]", a.AttributeType);
        var body = method.GetMethodBody();
        if (body is null)
            return;
        foreach (var l in body.LocalVariables) Use(from, where + " (local)", l.LocalType);
        var il = body.GetILAsByteArray();
        if (il is null)
            return;
        var typeArgs = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i++];
            if (value == 0xFE)
                value = unchecked((short)(0xFE00 | il[i++]));
            if (!OpCodesByValue.TryGetValue(value, out var op))
                throw new InvalidOperationException($"{where}: unknown IL opcode 0x{value:X} at {i}");
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8:
                case OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    UseToken(from, where, type.Module, BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                    i += 4;
                    break;
                default: i += 4; break; // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
            }
        }
    }

    private void UseToken(string from, string where, Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        MemberInfo? member;
        try
        {
            member = module.ResolveMember(token, typeArgs, methodArgs);
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException)
        {
            Unresolved.Add($"{where}: token 0x{token:X8}: {e.Message}");
            return;
        }
        switch (member)
        {
            case Type t:
                Use(from, where + " (IL)", t);
                break;
            case FieldInfo f:
                Use(from, $"{where} (IL: field {f.Name})", f.DeclaringType);
                Use(from, $"{where} (IL: field {f.Name})", f.FieldType);
                break;
            case MethodBase m:
                var what = $"{where} (IL: calls {m.DeclaringType?.Name}.{m.Name})";
                Use(from, what, m.DeclaringType);
                if (m is MethodInfo mi)
                {
                    Use(from, what, mi.ReturnType);
                    if (mi.IsGenericMethod)
                        foreach (var g in mi.GetGenericArguments()) Use(from, what, g);
                }
                foreach (var p in m.GetParameters()) Use(from, what, p.ParameterType);
                break;
        }
    }

    private void Use(string from, string where, Type? used)
    {
        if (used is null)
            return;
        if (used.HasElementType)
        {
            Use(from, where, used.GetElementType());
            return;
        }
        if (used.IsGenericParameter)
            return;
        if (used.IsGenericType && !used.IsGenericTypeDefinition)
        {
            foreach (var g in used.GetGenericArguments()) Use(from, where, g);
            used = used.GetGenericTypeDefinition();
        }
        if (used.Assembly != _assembly || string.IsNullOrEmpty(used.Namespace) || used.Namespace == from)
            return;
        AddEdge(from, used.Namespace, $"{where} uses {used.FullName}");
    }

    private void AddEdge(string from, string to, string example)
    {
        if (!Edges.TryGetValue(from, out var targets))
            Edges[from] = targets = new SortedDictionary<string, string>(StringComparer.Ordinal);
        targets.TryAdd(to, example);
    }

    /// <summary>
    /// The cycles of the graph: for each strongly connected component with more than one namespace, one
    /// shortest cycle through its first namespace, each step with the reference that makes it.
    /// </summary>
    public IReadOnlyList<string> Cycles()
    {
        var cycles = new List<string>();
        foreach (var component in StronglyConnectedComponents().Where(c => c.Count > 1))
        {
            var members = component.ToHashSet(StringComparer.Ordinal);
            var start = component.Min(StringComparer.Ordinal)!;
            // Breadth-first from start's successors back to start, inside the component.
            var previous = new Dictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            queue.Enqueue(start);
            string? last = null;
            while (queue.Count > 0 && last is null)
            {
                var node = queue.Dequeue();
                foreach (var next in Successors(node).Where(members.Contains))
                {
                    if (next == start) { last = node; break; }
                    if (previous.TryAdd(next, node)) queue.Enqueue(next);
                }
            }
            var path = new List<string> { start };
            for (var n = last!; n != start; n = previous[n]) path.Insert(1, n);
            path.Add(start);
            var text = new System.Text.StringBuilder();
            text.Append("cycle among {").Append(string.Join(", ", component.Order(StringComparer.Ordinal))).AppendLine("}:");
            for (var k = 0; k + 1 < path.Count; k++)
                text.Append("  ").Append(path[k]).Append(" -> ").Append(path[k + 1])
                    .Append("   e.g. ").AppendLine(Edges[path[k]][path[k + 1]]);
            cycles.Add(text.ToString());
        }
        return cycles;
    }

    private IEnumerable<string> Successors(string node) =>
        Edges.TryGetValue(node, out var targets) ? targets.Keys : [];

    private List<List<string>> StronglyConnectedComponents()
    {
        // Tarjan's algorithm.
        var nodes = Edges.Keys.Concat(Edges.Values.SelectMany(v => v.Keys)).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var onStack = new HashSet<string>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Successors(v))
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v])
                return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            result.Add(component);
        }

        foreach (var n in nodes)
            if (!index.ContainsKey(n)) Visit(n);
        return result;
    }
}
