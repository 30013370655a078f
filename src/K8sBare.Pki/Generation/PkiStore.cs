using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;
using K8sBare.Pki.Kubeconfig;
using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Generation;

/// <summary>
/// The user's local PKI folder (the only place all CA keys live). Entry <c>name</c> maps to
/// <c>&lt;root&gt;/&lt;name&gt;.crt</c>, <c>.key</c> (0600) and, for key pairs, <c>.pub</c>; kubeconfigs go to
/// <c>&lt;root&gt;/kubeconfig/&lt;name&gt;.kubeconfig</c> (slashes in the name become dashes). A store belongs to one
/// cluster: <see cref="ClusterPkiGenerator"/> writes its name to <c>&lt;root&gt;/cluster</c> and refuses the store for
/// another cluster (which would share its CA).
/// </summary>
public sealed class PkiStore
{
    /// <summary>Opens (does not create) a store rooted at <paramref name="root"/>.</summary>
    /// <param name="root">The local folder (absolute, or relative to the current directory; made absolute here). Folders are created on first save.</param>
    /// <exception cref="ArgumentException"><paramref name="root"/> is null or empty.</exception>
    public PkiStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The store folder.</summary>
    public string Root { get; }

    /// <summary>Path of an entry's certificate.</summary>
    /// <param name="name">A catalogue entry name (e.g. <c>ca</c>, <c>etcd/ca</c>, <c>kubelet/node-1</c>); slashes make subfolders. Each segment must be a plain file name (not empty, <c>.</c> or <c>..</c>, no <c>\</c> or control characters), so every path stays under <see cref="Root"/>.</param>
    /// <returns><c>&lt;root&gt;/&lt;name&gt;.crt</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name (e.g. <c>../x</c>, <c>/etc/x</c>, <c>a//b</c>).</exception>
    public string CertificatePath(string name) => StoreNames.Under(Root, name + ".crt", name, nameof(name));

    /// <summary>Path of an entry's private key.</summary>
    /// <param name="name">A catalogue entry name (e.g. <c>ca</c>, <c>etcd/ca</c>, <c>kubelet/node-1</c>); slashes make subfolders. Each segment must be a plain file name (not empty, <c>.</c> or <c>..</c>, no <c>\</c> or control characters), so every path stays under <see cref="Root"/>.</param>
    /// <returns><c>&lt;root&gt;/&lt;name&gt;.key</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name.</exception>
    public string KeyPath(string name) => StoreNames.Under(Root, name + ".key", name, nameof(name));

    /// <summary>Path of an entry's public key (key pairs only).</summary>
    /// <param name="name">A catalogue entry name (e.g. <c>ca</c>, <c>etcd/ca</c>, <c>kubelet/node-1</c>); slashes make subfolders. Each segment must be a plain file name (not empty, <c>.</c> or <c>..</c>, no <c>\</c> or control characters), so every path stays under <see cref="Root"/>.</param>
    /// <returns><c>&lt;root&gt;/&lt;name&gt;.pub</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name.</exception>
    public string PublicKeyPath(string name) => StoreNames.Under(Root, name + ".pub", name, nameof(name));

    /// <summary>Path of an entry's kubeconfig.</summary>
    /// <param name="name">A catalogue entry name (e.g. <c>admin</c>, <c>kubelet/node-1</c>); slashes become dashes. The same rules as <see cref="CertificatePath"/>.</param>
    /// <returns><c>&lt;root&gt;/kubeconfig/&lt;name with / → -&gt;.kubeconfig</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name.</exception>
    public string KubeconfigPath(string name) =>
        StoreNames.Under(Root, Path.Combine("kubeconfig", (name ?? "").Replace('/', '-') + ".kubeconfig"), name!, nameof(name));

    /// <summary>Loads a CA; null when neither file exists.</summary>
    /// <param name="name">A catalogue entry name (e.g. <c>ca</c>, <c>etcd/ca</c>, <c>kubelet/node-1</c>); slashes make subfolders. Each segment must be a plain file name (not empty, <c>.</c> or <c>..</c>, no <c>\</c> or control characters), so every path stays under <see cref="Root"/>.</param>
    /// <param name="time">Clock for the CA validity check and later issuing (tests); null means the system clock.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name.</exception>
    /// <exception cref="PkiException">Only one of the two files exists, or they are invalid (not a CA, expired, key mismatch).</exception>
    public async Task<CertificateAuthority?> TryLoadAuthorityAsync(string name, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var (crt, key) = (CertificatePath(name), KeyPath(name));
        var (hasCrt, hasKey) = (File.Exists(crt), File.Exists(key));
        if (!hasCrt && !hasKey) return null;
        if (!hasKey)
            throw new PkiException($"{crt}: the CA certificate exists but its key {key} is missing; restore the key, or delete the certificate to create a new CA (which invalidates every certificate it signed).");
        if (!hasCrt)
            throw new PkiException($"{key}: the CA key exists but its certificate {crt} is missing; restore it or delete the key to create a new CA.");
        return await CertificateAuthority.LoadAsync(crt, key, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a leaf certificate with its key (the key may be absent); null when the certificate file does not exist.</summary>
    /// <param name="name">A catalogue entry name (e.g. <c>ca</c>, <c>etcd/ca</c>, <c>kubelet/node-1</c>); slashes make subfolders. Each segment must be a plain file name (not empty, <c>.</c> or <c>..</c>, no <c>\</c> or control characters), so every path stays under <see cref="Root"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name.</exception>
    /// <exception cref="PkiException">A file is malformed, or the key does not match the certificate.</exception>
    public async Task<IssuedCertificate?> TryLoadCertificateAsync(string name, CancellationToken cancellationToken = default)
    {
        var crt = CertificatePath(name);
        if (!File.Exists(crt)) return null;
        var key = KeyPath(name);
        return await IssuedCertificate.LoadAsync(crt, File.Exists(key) ? key : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads an entry's private key alone; null when absent.</summary>
    /// <param name="name">A catalogue entry name (e.g. <c>ca</c>, <c>etcd/ca</c>, <c>kubelet/node-1</c>); slashes make subfolders. Each segment must be a plain file name (not empty, <c>.</c> or <c>..</c>, no <c>\</c> or control characters), so every path stays under <see cref="Root"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name.</exception>
    /// <exception cref="PkiException">The key file is unreadable, encrypted, malformed or of an unsupported type.</exception>
    public async Task<KeyPair?> TryLoadKeyAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = KeyPath(name);
        if (!File.Exists(key)) return null;
        return KeyPair.FromPem(await PemFile.ReadAsync(key, cancellationToken).ConfigureAwait(false), key);
    }

    /// <summary>Saves a CA (certificate 0644, key 0600).</summary>
    /// <param name="name">A catalogue entry name (e.g. <c>ca</c>, <c>etcd/ca</c>, <c>kubelet/node-1</c>); slashes make subfolders. Each segment must be a plain file name (not empty, <c>.</c> or <c>..</c>, no <c>\</c> or control characters), so every path stays under <see cref="Root"/>.</param>
    /// <param name="authority">The CA to save.</param>
    /// <param name="format">Private key PEM form (see <see cref="PrivateKeyFormat"/>).</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="authority"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name (checked before anything is written).</exception>
    /// <exception cref="PkiException">A file or its folder cannot be written.</exception>
    public Task SaveAuthorityAsync(string name, CertificateAuthority authority, PrivateKeyFormat format = PrivateKeyFormat.Pkcs8,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return authority.WriteAsync(CertificatePath(name), KeyPath(name), format, cancellationToken);
    }

    /// <summary>Saves a leaf certificate and its key.</summary>
    /// <param name="name">A catalogue entry name (e.g. <c>ca</c>, <c>etcd/ca</c>, <c>kubelet/node-1</c>); slashes make subfolders. Each segment must be a plain file name (not empty, <c>.</c> or <c>..</c>, no <c>\</c> or control characters), so every path stays under <see cref="Root"/>.</param>
    /// <param name="certificate">The certificate (0644) and, when it has one, its key (0600).</param>
    /// <param name="format">Private key PEM form (see <see cref="PrivateKeyFormat"/>).</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name (checked before anything is written).</exception>
    /// <exception cref="PkiException">A file or its folder cannot be written.</exception>
    public Task SaveCertificateAsync(string name, IssuedCertificate certificate, PrivateKeyFormat format = PrivateKeyFormat.Pkcs8,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.WriteAsync(CertificatePath(name), certificate.Key is null ? null : KeyPath(name), format, cancellationToken);
    }

    /// <summary>Saves a bare key pair as <c>name.key</c> (0600) and <c>name.pub</c>.</summary>
    /// <param name="name">A catalogue entry name (e.g. <c>ca</c>, <c>etcd/ca</c>, <c>kubelet/node-1</c>); slashes make subfolders. Each segment must be a plain file name (not empty, <c>.</c> or <c>..</c>, no <c>\</c> or control characters), so every path stays under <see cref="Root"/>.</param>
    /// <param name="key">The key pair; the private half goes to <c>.key</c> (0600), the public half as PEM <c>PUBLIC KEY</c> to <c>.pub</c> (0644).</param>
    /// <param name="format">Private key PEM form (see <see cref="PrivateKeyFormat"/>).</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name (checked before anything is written).</exception>
    /// <exception cref="PkiException">A file or its folder cannot be written.</exception>
    public async Task SaveKeyPairAsync(string name, KeyPair key, PrivateKeyFormat format = PrivateKeyFormat.Pkcs8,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await PemFile.WritePrivateAsync(KeyPath(name), key.ToPem(format), cancellationToken).ConfigureAwait(false);
        await PemFile.WritePublicAsync(PublicKeyPath(name), key.PublicKeyPem(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Saves a kubeconfig (0600) unless the file already has exactly this content; returns true when written.</summary>
    /// <param name="name">A catalogue entry name; see <see cref="KubeconfigPath"/>.</param>
    /// <param name="kubeconfig">The kubeconfig; it embeds a private key, hence mode 0600.</param>
    /// <param name="cancellationToken">Cancels the read and write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="kubeconfig"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a confined entry name (checked before anything is written).</exception>
    /// <exception cref="PkiException">The existing file cannot be read, or the file cannot be written.</exception>
    public async Task<bool> SaveKubeconfigAsync(string name, KubeconfigFile kubeconfig, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        var path = KubeconfigPath(name);
        var yaml = kubeconfig.ToYaml();
        if (File.Exists(path) && await PemFile.ReadAsync(path, cancellationToken).ConfigureAwait(false) == yaml) return false;
        await PemFile.WritePrivateAsync(path, yaml, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The file naming the cluster whose PKI this store holds (<c>&lt;root&gt;/cluster</c>), written on the first save.</summary>
    internal string ClusterMarkerPath => Path.Combine(Root, "cluster");

    /// <summary>
    /// Refuses a store that holds another cluster's PKI: two clusters sharing a store would share one CA, so each
    /// cluster's admin certificate would be trusted by the other. A store without a marker (new, or written before
    /// markers existed) belongs to whoever saves into it first.
    /// </summary>
    internal async Task EnsureBelongsToAsync(string clusterName, CancellationToken ct)
    {
        if (!File.Exists(ClusterMarkerPath)) return;
        var owner = (await PemFile.ReadAsync(ClusterMarkerPath, ct).ConfigureAwait(false)).Trim();
        if (owner != clusterName)
            throw new PkiException($"The PKI store {Root} holds the PKI of cluster '{owner}', not '{clusterName}': two clusters sharing a store would " +
                $"share one CA, and each cluster's admin certificate would be trusted by the other. Fix: give cluster '{clusterName}' its own PKI folder " +
                $"(--pki-dir, or a different --out; ApplyOptions.PkiDirectory), or use the spec of cluster '{owner}' (its name) with this store.");
    }

    /// <summary>Writes the cluster marker when the store has none yet.</summary>
    internal async Task ClaimAsync(string clusterName, CancellationToken ct)
    {
        if (File.Exists(ClusterMarkerPath)) return;
        await PemFile.WritePublicAsync(ClusterMarkerPath, clusterName + "\n", ct).ConfigureAwait(false);
    }
}
