using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Kubeconfig;

/// <summary>
/// A kubeconfig file (client-go <c>Config</c>, <c>apiVersion: v1</c>, <c>kind: Config</c>). Serialize with
/// <see cref="ToYaml"/> (byte-identical to what <c>kubectl config view --raw</c> prints for the same content),
/// parse with <see cref="Parse"/>, combine with <see cref="Merge"/>. Build typical ones with <see cref="KubeconfigBuilder"/>.
/// </summary>
public sealed record KubeconfigFile
{
    /// <summary><c>clusters</c>.</summary>
    public IReadOnlyList<NamedKubeconfigCluster> Clusters { get; init; } = [];

    /// <summary><c>users</c>.</summary>
    public IReadOnlyList<NamedKubeconfigUser> Users { get; init; } = [];

    /// <summary><c>contexts</c>.</summary>
    public IReadOnlyList<NamedKubeconfigContext> Contexts { get; init; } = [];

    /// <summary><c>current-context</c> (empty when unset).</summary>
    public string CurrentContext { get; init; } = "";

    /// <summary>
    /// Top-level fields K8sBare does not model (<c>extensions</c>, a non-empty <c>preferences</c>), as YAML text by
    /// field name, kept verbatim.
    /// </summary>
    public IReadOnlyDictionary<string, string> OtherFields { get; init; } = new Dictionary<string, string>();

    /// <summary>Writes YAML as kubectl does: keys sorted, entries sorted by name, <c>*-data</c> base64 of the PEM, LF.</summary>
    public string ToYaml() => KubeconfigYaml.Write(this);

    /// <summary>Parses kubeconfig YAML.</summary>
    /// <param name="yaml">Kubeconfig YAML text (not a path), as kubectl writes it (client-go <c>clientcmd/api/v1</c> <c>Config</c>).</param>
    /// <param name="source">Where the text came from (file path or description), used in error messages.</param>
    /// <exception cref="PkiException">Malformed YAML, wrong kind/apiVersion, a missing field or bad base64; the message names the field.</exception>
    public static KubeconfigFile Parse(string yaml, string source = "kubeconfig") => KubeconfigYaml.Read(yaml, source);

    /// <summary>Reads and parses a kubeconfig file.</summary>
    /// <param name="path">A local kubeconfig file path (e.g. <c>~/.kube/config</c> expanded by the caller).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="PkiException">The file cannot be read, or does not parse (see <see cref="Parse"/>); the message names <paramref name="path"/>.</exception>
    public static async Task<KubeconfigFile> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await PemFile.ReadAsync(path, cancellationToken).ConfigureAwait(false), path);

    /// <summary>Writes the file with mode 0600 (it holds a private key), atomically.</summary>
    /// <param name="path">The local destination file; replaced atomically, missing folders created 0700.</param>
    /// <param name="cancellationToken">Cancels the write; the destination is then left untouched.</param>
    /// <exception cref="PkiException">The file or its folder cannot be written.</exception>
    public Task WriteAsync(string path, CancellationToken cancellationToken = default) =>
        PemFile.WritePrivateAsync(path, ToYaml(), cancellationToken);

    /// <summary>
    /// Merges <paramref name="other"/> into this file: clusters, users and contexts with the same name are replaced by
    /// <paramref name="other"/>'s, new ones are added. The current context becomes <paramref name="other"/>'s when it
    /// sets one and <paramref name="switchContext"/> is true; otherwise this file's is kept.
    /// </summary>
    /// <param name="other">The kubeconfig to merge in; its entries win on name clashes (unlike kubectl's <c>KUBECONFIG</c> merge, where the first file wins).</param>
    /// <param name="switchContext">True to make <paramref name="other"/>'s current context current (when it sets one); false keeps this file's (or takes <paramref name="other"/>'s when this file has none).</param>
    /// <returns>A new file; neither input changes. Entries are sorted by name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public KubeconfigFile Merge(KubeconfigFile other, bool switchContext = true)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new KubeconfigFile
        {
            Clusters = Upsert(Clusters, other.Clusters, c => c.Name),
            Users = Upsert(Users, other.Users, u => u.Name),
            Contexts = Upsert(Contexts, other.Contexts, c => c.Name),
            CurrentContext = switchContext && other.CurrentContext.Length > 0 ? other.CurrentContext
                : CurrentContext.Length > 0 ? CurrentContext : other.CurrentContext,
            OtherFields = other.OtherFields.Concat(OtherFields.Where(f => !other.OtherFields.ContainsKey(f.Key)))
                .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>Returns every consistency problem: contexts pointing to missing clusters/users, a missing current context.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var c in Contexts)
        {
            if (Clusters.All(x => x.Name != c.Context.Cluster)) problems.Add($"context '{c.Name}': cluster '{c.Context.Cluster}' is not defined.");
            if (Users.All(x => x.Name != c.Context.User)) problems.Add($"context '{c.Name}': user '{c.Context.User}' is not defined.");
        }
        if (CurrentContext.Length > 0 && Contexts.All(c => c.Name != CurrentContext))
            problems.Add($"current-context '{CurrentContext}' is not defined.");
        return problems;
    }

    private static List<T> Upsert<T>(IReadOnlyList<T> mine, IReadOnlyList<T> theirs, Func<T, string> name)
    {
        var result = mine.Where(m => theirs.All(t => name(t) != name(m))).ToList();
        result.AddRange(theirs);
        return result.OrderBy(name, StringComparer.Ordinal).ToList();
    }
}
