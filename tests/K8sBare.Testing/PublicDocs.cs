using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;

namespace K8sBare.Testing;

/// <summary>
/// Reads a package's XML documentation file beside its assembly and lists the public methods and constructors whose
/// parameters are not all documented with <c>&lt;param&gt;</c> (the compiler's CS1591 only asks for a summary, and
/// CS1573 only fires once some parameter is documented). Members marked <c>&lt;inheritdoc/&gt;</c> inherit theirs.
/// </summary>
public static class PublicDocs
{
    /// <summary>Every public/protected method or constructor of <paramref name="assembly"/> with an undocumented parameter, as "member: name".</summary>
    public static IReadOnlyList<string> UndocumentedParameters(Assembly assembly)
    {
        var xmlPath = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(xmlPath)) throw new FileNotFoundException($"no XML documentation beside {assembly.Location}", xmlPath);
        var docs = XDocument.Load(xmlPath).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => m);
        var missing = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = type.GetMethods(flags).Cast<MethodBase>().Concat(type.GetConstructors(flags))
                .Where(m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly)
                .Where(m => !m.IsSpecialName || m is ConstructorInfo)
                .Where(m => m.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
                .Where(m => m.GetParameters().Length > 0);
            foreach (var m in members)
            {
                if (IsRecordPlumbing(type, m)) continue;
                var id = DocId(m);
                if (!docs.TryGetValue(id, out var doc)) { missing.Add($"{id}: no documentation"); continue; }
                if (doc.Element("inheritdoc") is not null) continue;
                var documented = doc.Elements("param").Select(p => (string?)p.Attribute("name")).ToHashSet();
                foreach (var p in m.GetParameters())
                    if (!documented.Contains(p.Name)) missing.Add($"{id}: {p.Name}");
            }
        }
        return missing;
    }

    private static bool IsRecordPlumbing(Type type, MethodBase m) =>
        (m.Name is "Equals" or "PrintMembers" or "Deconstruct") ||
        (m is ConstructorInfo c && c.GetParameters() is [var only] && only.ParameterType == type); // record copy constructor

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
