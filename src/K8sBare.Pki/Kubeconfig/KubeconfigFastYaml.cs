using System.Text;

namespace K8sBare.Pki.Kubeconfig;

/// <summary>
/// A direct writer for the common case (no <c>OtherFields</c>, only simple scalars) that produces exactly what
/// <see cref="KubeconfigYaml.Write"/> produces through YamlDotNet's emitter, without the emitter's start-up cost
/// (~0.1 s of JIT on a cold process). Anything it is not sure about goes to the emitter path.
/// </summary>
internal static class KubeconfigFastYaml
{
    public static bool TryWrite(KubeconfigFile c, out string yaml)
    {
        yaml = "";
        if (c.OtherFields.Count > 0 || c.Clusters.Any(x => x.Cluster.OtherFields.Count > 0) || c.Users.Any(x => x.User.OtherFields.Count > 0)
            || c.Contexts.Any(x => x.Context.OtherFields.Count > 0))
            return false;
        var sb = new StringBuilder(4096);
        var ok = true;
        void Field(string indent, string key, string? value)
        {
            if (value is null) return;
            var scalar = Scalar(value);
            if (scalar is null) { ok = false; return; }
            sb.Append(indent).Append(key).Append(": ").Append(scalar).Append('\n');
        }

        sb.Append("apiVersion: v1\n");
        if (c.Clusters.Count == 0) sb.Append("clusters: null\n");
        else
        {
            sb.Append("clusters:\n");
            foreach (var x in c.Clusters.OrderBy(x => x.Name, StringComparer.Ordinal))
            {
                sb.Append("- cluster:\n");
                Field("    ", "certificate-authority", x.Cluster.CertificateAuthority);
                Field("    ", "certificate-authority-data", Base64(x.Cluster.CertificateAuthorityData));
                if (x.Cluster.InsecureSkipTlsVerify) sb.Append("    insecure-skip-tls-verify: true\n");
                Field("    ", "proxy-url", x.Cluster.ProxyUrl);
                Field("    ", "server", x.Cluster.Server);
                Field("    ", "tls-server-name", x.Cluster.TlsServerName);
                Field("  ", "name", x.Name);
            }
        }
        if (c.Contexts.Count == 0) sb.Append("contexts: null\n");
        else
        {
            sb.Append("contexts:\n");
            foreach (var x in c.Contexts.OrderBy(x => x.Name, StringComparer.Ordinal))
            {
                sb.Append("- context:\n");
                Field("    ", "cluster", x.Context.Cluster);
                Field("    ", "namespace", x.Context.Namespace);
                Field("    ", "user", x.Context.User);
                Field("  ", "name", x.Name);
            }
        }
        Field("", "current-context", c.CurrentContext);
        sb.Append("kind: Config\npreferences: {}\n");
        if (c.Users.Count == 0) sb.Append("users: null\n");
        else
        {
            sb.Append("users:\n");
            foreach (var x in c.Users.OrderBy(x => x.Name, StringComparer.Ordinal))
            {
                var name = Scalar(x.Name);
                if (name is null) return false;
                sb.Append("- name: ").Append(name).Append('\n');
                var u = x.User;
                if (u.ClientCertificate is null && u.ClientCertificateData is null && u.ClientKey is null && u.ClientKeyData is null
                    && u.Token is null && u.TokenFile is null)
                {
                    sb.Append("  user: {}\n");
                    continue;
                }
                sb.Append("  user:\n");
                Field("    ", "client-certificate", u.ClientCertificate);
                Field("    ", "client-certificate-data", Base64(u.ClientCertificateData));
                Field("    ", "client-key", u.ClientKey);
                Field("    ", "client-key-data", Base64(u.ClientKeyData));
                Field("    ", "token", u.Token);
                Field("    ", "tokenFile", u.TokenFile);
            }
        }
        if (!ok) return false;
        yaml = sb.ToString();
        return true;
    }

    /// <summary>The scalar as go-yaml writes it when that is certain (plain, or double-quoted for look-alikes); else null.</summary>
    private static string? Scalar(string value)
    {
        if (KubeconfigYaml.LooksLikeNonString(value))
            return value.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '+' or '-' or '_' or ':' or '~') ? $"\"{value}\"" : null;
        if (!char.IsAsciiLetterOrDigit(value[0]) && value[0] != '/') return null;
        if (value[^1] == ':') return null;
        foreach (var ch in value)
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '/' or ':' or '@' or '+' or '=' or '-' or '~' or '%'))
                return null;
        return value;
    }

    private static string? Base64(string? pem) => pem is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
}
