using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace K8sBare.Pki.Kubeconfig;

/// <summary>kubeconfig YAML in kubectl's exact shape (sigs.k8s.io/yaml: keys sorted, go-yaml quoting).</summary>
internal static partial class KubeconfigYaml
{
    public static string Write(KubeconfigFile config) =>
        KubeconfigFastYaml.TryWrite(config, out var yaml) ? yaml : WriteWithEmitter(config);

    public static bool LooksLikeNonString(string value) => NonString().IsMatch(value);

    public static string WriteWithEmitter(KubeconfigFile config)
    {
        var sw = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var e = new Emitter(sw, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        e.Emit(new StreamStart());
        e.Emit(new DocumentStart(null, null, true));
        var top = new List<(string, Action?)>
        {
            ("apiVersion", () => Scalar(e, "v1")),
            ("clusters", () => Sequence(e, config.Clusters.OrderBy(c => c.Name, StringComparer.Ordinal), c => Mapping(e,
            [
                ("cluster", () => Mapping(e,
                [
                    ("certificate-authority", Str(e, c.Cluster.CertificateAuthority)),
                    ("certificate-authority-data", Str(e, Base64(c.Cluster.CertificateAuthorityData))),
                    ("insecure-skip-tls-verify", c.Cluster.InsecureSkipTlsVerify ? () => Plain(e, "true") : null),
                    ("proxy-url", Str(e, c.Cluster.ProxyUrl)),
                    ("server", Str(e, c.Cluster.Server)),
                    ("tls-server-name", Str(e, c.Cluster.TlsServerName)),
                ], c.Cluster.OtherFields)),
                ("name", Str(e, c.Name)),
            ], null))),
            ("contexts", () => Sequence(e, config.Contexts.OrderBy(c => c.Name, StringComparer.Ordinal), c => Mapping(e,
            [
                ("context", () => Mapping(e,
                [
                    ("cluster", Str(e, c.Context.Cluster)),
                    ("namespace", Str(e, c.Context.Namespace)),
                    ("user", Str(e, c.Context.User)),
                ], c.Context.OtherFields)),
                ("name", Str(e, c.Name)),
            ], null))),
            ("current-context", () => Scalar(e, config.CurrentContext)),
            ("kind", () => Scalar(e, "Config")),
            ("preferences", config.OtherFields.ContainsKey("preferences") ? null : () => Mapping(e, [], null)),
            ("users", () => Sequence(e, config.Users.OrderBy(u => u.Name, StringComparer.Ordinal), u => Mapping(e,
            [
                ("name", Str(e, u.Name)),
                ("user", () => Mapping(e,
                [
                    ("client-certificate", Str(e, u.User.ClientCertificate)),
                    ("client-certificate-data", Str(e, Base64(u.User.ClientCertificateData))),
                    ("client-key", Str(e, u.User.ClientKey)),
                    ("client-key-data", Str(e, Base64(u.User.ClientKeyData))),
                    ("token", Str(e, u.User.Token)),
                    ("tokenFile", Str(e, u.User.TokenFile)),
                ], u.User.OtherFields)),
            ], null))),
        };
        Mapping(e, top, config.OtherFields);
        e.Emit(new DocumentEnd(true));
        e.Emit(new StreamEnd());
        return sw.ToString();
    }

    /// <summary>
    /// Emits a mapping with its keys in go-yaml v2's order (what kubectl writes). Fields whose action is null are
    /// omitted; an empty mapping is written in flow style (<c>{}</c>), as go-yaml does.
    /// </summary>
    private static void Mapping(Emitter e, List<(string Key, Action? Value)> known, IReadOnlyDictionary<string, string>? other)
    {
        var fields = known.Where(f => f.Value is not null).ToList();
        if (other is not null)
            foreach (var (k, yaml) in other)
                if (fields.All(f => f.Key != k)) fields.Add((k, () => Replay(e, yaml)));
        fields.Sort((a, b) => GoYamlKeyOrder.Compare(a.Key, b.Key));
        e.Emit(new MappingStart(null, null, true, fields.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
        foreach (var (k, v) in fields)
        {
            Scalar(e, k);
            v!();
        }
        e.Emit(new MappingEnd());
    }

    private static Action? Str(Emitter e, string? value) => value is null ? null : () => Scalar(e, value);

    private static void Plain(Emitter e, string value) =>
        e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value, ScalarStyle.Plain, true, false));

    /// <summary>Re-emits a YAML fragment kept verbatim (an unmodelled field's value).</summary>
    private static void Replay(Emitter e, string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        var depth = 0;
        do
        {
            var ev = parser.Consume<ParsingEvent>();
            e.Emit(ev);
            depth += ev.NestingIncrease;
        }
        while (depth > 0);
    }

    public static KubeconfigFile Read(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException ex)
        {
            throw new PkiException($"{source}: malformed kubeconfig YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PkiException($"{source}: not a kubeconfig: the document is empty or not a mapping (expected 'apiVersion: v1', 'kind: Config').");
        var kind = Str(root, "kind", source);
        if (kind is not null && kind != "Config") throw new PkiException($"{source}: kind is '{kind}', expected 'Config'.");
        var api = Str(root, "apiVersion", source);
        if (api is not null && api != "v1") throw new PkiException($"{source}: apiVersion is '{api}', expected 'v1'.");

        var clusters = Items(root, "clusters", source).Select((m, i) =>
        {
            var at = $"{source}: clusters[{i}]";
            var name = Required(m, "name", at);
            var c = Map(m, "cluster", $"{at} ('{name}')") ?? throw new PkiException($"{at} ('{name}'): missing 'cluster'.");
            var where = $"{source}: cluster '{name}'";
            return new NamedKubeconfigCluster(name, new KubeconfigCluster
            {
                Server = Required(c, "server", where),
                CertificateAuthority = Str(c, "certificate-authority", where),
                CertificateAuthorityData = Data(c, "certificate-authority-data", where),
                TlsServerName = Str(c, "tls-server-name", where),
                InsecureSkipTlsVerify = Str(c, "insecure-skip-tls-verify", where) is "true",
                ProxyUrl = Str(c, "proxy-url", where),
                OtherFields = Others(c, "certificate-authority", "certificate-authority-data", "insecure-skip-tls-verify", "proxy-url", "server", "tls-server-name"),
            });
        }).ToList();
        var users = Items(root, "users", source).Select((m, i) =>
        {
            var at = $"{source}: users[{i}]";
            var name = Required(m, "name", at);
            var where = $"{source}: user '{name}'";
            var u = Map(m, "user", where) ?? new YamlMappingNode();
            return new NamedKubeconfigUser(name, new KubeconfigUser
            {
                ClientCertificate = Str(u, "client-certificate", where),
                ClientCertificateData = Data(u, "client-certificate-data", where),
                ClientKey = Str(u, "client-key", where),
                ClientKeyData = Data(u, "client-key-data", where),
                Token = Str(u, "token", where),
                TokenFile = Str(u, "tokenFile", where),
                OtherFields = Others(u, "client-certificate", "client-certificate-data", "client-key", "client-key-data", "token", "tokenFile"),
            });
        }).ToList();
        var contexts = Items(root, "contexts", source).Select((m, i) =>
        {
            var at = $"{source}: contexts[{i}]";
            var name = Required(m, "name", at);
            var where = $"{source}: context '{name}'";
            var c = Map(m, "context", where) ?? throw new PkiException($"{where}: missing 'context'.");
            return new NamedKubeconfigContext(name, new KubeconfigContext
            {
                Cluster = Required(c, "cluster", where),
                User = Required(c, "user", where),
                Namespace = Str(c, "namespace", where),
                OtherFields = Others(c, "cluster", "namespace", "user"),
            });
        }).ToList();
        return new KubeconfigFile
        {
            Clusters = clusters,
            Users = users,
            Contexts = contexts,
            CurrentContext = Str(root, "current-context", source) ?? "",
            OtherFields = Others(root, "apiVersion", "kind", "clusters", "users", "contexts", "current-context")
                .Where(f => !(f.Key == "preferences" && f.Value is "{}\n" or "null\n" or ""))
                .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
        };
    }

    private static void Sequence<T>(Emitter e, IEnumerable<T> items, Action<T> body)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, "null", ScalarStyle.Plain, true, false));
            return;
        }
        e.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
        foreach (var item in list) body(item);
        e.Emit(new SequenceEnd());
    }

    /// <summary>go-yaml quoting: strings that would resolve to another type are double-quoted, others plain when allowed.</summary>
    private static void Scalar(Emitter e, string value)
    {
        var style = NonString().IsMatch(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain;
        e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value, style, true, false));
    }

    [GeneratedRegex(@"^(|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F]+|0o?[0-7]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")]
    private static partial Regex NonString();

    private static Dictionary<string, string> Others(YamlMappingNode m, params string[] known)
    {
        var others = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in m.Children)
        {
            if (k is not YamlScalarNode { Value: { } key } || known.Contains(key)) continue;
            var sw = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            new YamlStream(new YamlDocument(v)).Save(sw, assignAnchors: false);
            var text = sw.ToString();
            if (text.EndsWith("...\n", StringComparison.Ordinal)) text = text[..^4];
            others[key] = text;
        }
        return others;
    }

    private static string? Base64(string? pem) => pem is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode root, string key, string source)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is YamlScalarNode { Value: null or "null" or "~" or "" })
            return [];
        if (node is not YamlSequenceNode seq)
            throw new PkiException($"{source}: '{key}' must be a list.");
        return seq.Children.Select((n, i) => n as YamlMappingNode ?? throw new PkiException($"{source}: {key}[{i}] must be a mapping.")).ToList();
    }

    private static YamlMappingNode? Map(YamlMappingNode m, string key, string where)
    {
        if (!m.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
        if (node is YamlScalarNode { Value: null or "null" or "~" }) return null;
        return node as YamlMappingNode ?? throw new PkiException($"{where}: '{key}' must be a mapping.");
    }

    private static string? Str(YamlMappingNode m, string key, string where)
    {
        if (!m.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
        if (node is not YamlScalarNode s) throw new PkiException($"{where}: '{key}' must be a scalar.");
        if (s.Style == ScalarStyle.Plain && s.Value is "null" or "~") return null;
        return s.Value;
    }

    private static string Required(YamlMappingNode m, string key, string where) =>
        Str(m, key, where) is { Length: > 0 } v ? v : throw new PkiException($"{where}: missing '{key}'.");

    private static string? Data(YamlMappingNode m, string key, string where)
    {
        var v = Str(m, key, where);
        if (v is null) return null;
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(v)); }
        catch (FormatException ex)
        {
            throw new PkiException($"{where}: '{key}' is not valid base64 (it must hold the base64 of the PEM file).", ex);
        }
    }
}
