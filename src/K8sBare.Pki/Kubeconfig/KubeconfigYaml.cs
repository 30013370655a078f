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
    public static string Write(KubeconfigFile config)
    {
        var sw = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var e = new Emitter(sw, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        e.Emit(new StreamStart());
        e.Emit(new DocumentStart(null, null, true));
        e.Emit(new MappingStart(null, null, true, MappingStyle.Block));
        Scalar(e, "apiVersion"); Scalar(e, "v1");
        Scalar(e, "clusters");
        Sequence(e, config.Clusters.OrderBy(c => c.Name, StringComparer.Ordinal), c =>
        {
            Scalar(e, "cluster");
            e.Emit(new MappingStart(null, null, true, MappingStyle.Block));
            Field(e, "certificate-authority", c.Cluster.CertificateAuthority);
            Field(e, "certificate-authority-data", Base64(c.Cluster.CertificateAuthorityData));
            if (c.Cluster.InsecureSkipTlsVerify)
            {
                Scalar(e, "insecure-skip-tls-verify");
                e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, "true", ScalarStyle.Plain, true, false)); // a bool, not a string
            }
            Field(e, "proxy-url", c.Cluster.ProxyUrl);
            Scalar(e, "server"); Scalar(e, c.Cluster.Server);
            Field(e, "tls-server-name", c.Cluster.TlsServerName);
            e.Emit(new MappingEnd());
            Scalar(e, "name"); Scalar(e, c.Name);
        });
        Scalar(e, "contexts");
        Sequence(e, config.Contexts.OrderBy(c => c.Name, StringComparer.Ordinal), c =>
        {
            Scalar(e, "context");
            e.Emit(new MappingStart(null, null, true, MappingStyle.Block));
            Scalar(e, "cluster"); Scalar(e, c.Context.Cluster);
            Field(e, "namespace", c.Context.Namespace);
            Scalar(e, "user"); Scalar(e, c.Context.User);
            e.Emit(new MappingEnd());
            Scalar(e, "name"); Scalar(e, c.Name);
        });
        Scalar(e, "current-context"); Scalar(e, config.CurrentContext);
        Scalar(e, "kind"); Scalar(e, "Config");
        Scalar(e, "preferences");
        e.Emit(new MappingStart(null, null, true, MappingStyle.Flow));
        e.Emit(new MappingEnd());
        Scalar(e, "users");
        Sequence(e, config.Users.OrderBy(u => u.Name, StringComparer.Ordinal), u =>
        {
            Scalar(e, "name"); Scalar(e, u.Name);
            Scalar(e, "user");
            var fields = new List<(string, string?)>
            {
                ("client-certificate", u.User.ClientCertificate),
                ("client-certificate-data", Base64(u.User.ClientCertificateData)),
                ("client-key", u.User.ClientKey),
                ("client-key-data", Base64(u.User.ClientKeyData)),
                ("token", u.User.Token),
                ("tokenFile", u.User.TokenFile),
            };
            if (fields.All(f => f.Item2 is null))
            {
                e.Emit(new MappingStart(null, null, true, MappingStyle.Flow));
                e.Emit(new MappingEnd());
                return;
            }
            e.Emit(new MappingStart(null, null, true, MappingStyle.Block));
            foreach (var (k, v) in fields) Field(e, k, v);
            e.Emit(new MappingEnd());
        });
        e.Emit(new MappingEnd());
        e.Emit(new DocumentEnd(true));
        e.Emit(new StreamEnd());
        return sw.ToString();
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
            });
        }).ToList();
        return new KubeconfigFile
        {
            Clusters = clusters,
            Users = users,
            Contexts = contexts,
            CurrentContext = Str(root, "current-context", source) ?? "",
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
        foreach (var item in list)
        {
            e.Emit(new MappingStart(null, null, true, MappingStyle.Block));
            body(item);
            e.Emit(new MappingEnd());
        }
        e.Emit(new SequenceEnd());
    }

    private static void Field(Emitter e, string key, string? value)
    {
        if (value is null) return;
        Scalar(e, key);
        Scalar(e, value);
    }

    /// <summary>go-yaml quoting: strings that would resolve to another type are double-quoted, others plain when allowed.</summary>
    private static void Scalar(Emitter e, string value)
    {
        var style = NonString().IsMatch(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain;
        e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value, style, true, false));
    }

    [GeneratedRegex(@"^(|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F]+|0o?[0-7]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")]
    private static partial Regex NonString();

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
