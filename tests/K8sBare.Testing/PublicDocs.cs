using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;

namespace K8sBare.Testing;

/// <summary>
/// Reads a package's XML documentation file beside its assembly and lists the public members whose parameters are
/// not all documented with a non-empty <c>&lt;param&gt;</c> (the compiler's CS1591 only asks for a summary, and
/// CS1573 only fires once some parameter is documented). Checked: methods, constructors, operators, indexers and
/// delegate types (their <c>Invoke</c> parameters, documented on the type). Members marked <c>&lt;inheritdoc/&gt;</c>
/// inherit theirs; compiler-generated members (record <c>Equals</c>, <c>Deconstruct</c>, <c>==</c>, …, property and
/// event accessors) and a record's copy constructor are skipped, since nobody can write docs for them.
/// </summary>
public static class PublicDocs
{
    /// <summary>Fails the calling test, listing every undocumented parameter of <paramref name="assembly"/>, when there is any.</summary>
    public static void AssertAllParametersDocumented(Assembly assembly)
    {
        var missing = UndocumentedParameters(assembly);
        Xunit.Assert.True(missing.Count == 0,
            $"{missing.Count} undocumented parameter(s) in {assembly.GetName().Name}:\n" + string.Join("\n", missing));
    }

    /// <summary>Every undocumented parameter of a public/protected member of <paramref name="assembly"/>, as "member id: name".</summary>
    public static IReadOnlyList<string> UndocumentedParameters(Assembly assembly)
    {
        var xmlPath = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(xmlPath)) throw new FileNotFoundException($"no XML documentation beside {assembly.Location}", xmlPath);
        return UndocumentedParameters(assembly, XDocument.Load(xmlPath));
    }

    /// <summary>As <see cref="UndocumentedParameters(Assembly)"/>, against a given documentation file (the checker's own tests edit a copy).</summary>
    public static IReadOnlyList<string> UndocumentedParameters(Assembly assembly, XDocument documentation)
    {
        var docs = documentation.Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => m);
        var missing = new List<string>();
        void Check(string id, IEnumerable<ParameterInfo> parameters)
        {
            if (!docs.TryGetValue(id, out var doc)) { missing.Add($"{id}: no documentation"); return; }
            if (doc.Element("inheritdoc") is not null) return;
            var documented = doc.Elements("param")
                .Where(p => !string.IsNullOrWhiteSpace(p.Value) || p.HasElements)
                .Select(p => (string?)p.Attribute("name")).ToHashSet();
            foreach (var p in parameters)
                if (!documented.Contains(p.Name)) missing.Add($"{id}: {p.Name}");
        }

        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetExportedTypes())
        {
            if (typeof(Delegate).IsAssignableFrom(type) && type.GetMethod("Invoke") is { } invoke)
            {
                if (invoke.GetParameters().Length > 0) Check("T:" + TypeId(type), invoke.GetParameters());
                continue;
            }
            var members = type.GetMethods(flags).Cast<MethodBase>().Concat(type.GetConstructors(flags))
                .Where(IsVisible)
                .Where(m => !m.IsSpecialName || m is ConstructorInfo || m.Name.StartsWith("op_", StringComparison.Ordinal))
                .Where(m => m.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
                .Where(m => m.GetParameters().Length > 0)
                .Where(m => !IsRecordCopyConstructor(type, m));
            foreach (var m in members) Check(DocId(m), m.GetParameters());
            foreach (var indexer in type.GetProperties(flags).Where(p => p.GetIndexParameters().Length > 0))
            {
                if (!(indexer.GetMethod is { } g && IsVisible(g)) && !(indexer.SetMethod is { } s && IsVisible(s))) continue;
                Check("P:" + TypeId(type) + "." + indexer.Name + "(" + string.Join(",", indexer.GetIndexParameters().Select(p => ParamType(p.ParameterType))) + ")",
                    indexer.GetIndexParameters());
            }
        }
        return missing;
    }

    private static bool IsVisible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    /// <summary>A record's copy constructor <c>T(T original)</c> is synthesized but not marked compiler-generated.</summary>
    private static bool IsRecordCopyConstructor(Type type, MethodBase m) =>
        m is ConstructorInfo c && c.GetParameters() is [var only] && only.ParameterType == type
        && type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;

    private static string DocId(MethodBase m)
    {
        var sb = new StringBuilder("M:").Append(TypeId(m.DeclaringType!)).Append('.');
        sb.Append(m is ConstructorInfo ? (m.IsStatic ? "#cctor" : "#ctor") : m.Name);
        if (m is MethodInfo { IsGenericMethodDefinition: true } gm) sb.Append("``").Append(gm.GetGenericArguments().Length);
        var ps = m.GetParameters();
        if (ps.Length > 0) sb.Append('(').Append(string.Join(",", ps.Select(p => ParamType(p.ParameterType)))).Append(')');
        if (m.Name is "op_Implicit" or "op_Explicit" && m is MethodInfo mi) sb.Append('~').Append(ParamType(mi.ReturnType));
        return sb.ToString();
    }

    private static string TypeId(Type t) => (t.FullName ?? t.Name).Replace('+', '.');

    private static string ParamType(Type t)
    {
        if (t.IsByRef) return ParamType(t.GetElementType()!) + "@";
        if (t.IsPointer) return ParamType(t.GetElementType()!) + "*";
        if (t.IsArray) return ParamType(t.GetElementType()!) + (t.GetArrayRank() == 1 ? "[]" : "[" + string.Join(",", Enumerable.Repeat("0:", t.GetArrayRank())) + "]");
        if (t.IsGenericParameter) return (t.DeclaringMethod is null ? "`" : "``") + t.GenericParameterPosition;
        if (t.IsGenericType)
        {
            var def = t.GetGenericTypeDefinition();
            var name = (def.FullName ?? def.Name).Replace('+', '.');
            name = name[..name.IndexOf('`')];
            return name + "{" + string.Join(",", t.GetGenericArguments().Select(ParamType)) + "}";
        }
        return (t.FullName ?? t.Name).Replace('+', '.');
    }
}
