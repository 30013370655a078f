using K8sBare.Cluster.Apply;

namespace K8sBare.Cluster.Operations;

/// <summary>What to restore and how the hosts are then brought up.</summary>
public sealed record EtcdRestoreOptions
{
    /// <summary>The snapshot file (local); its <c>.sha256</c> file must be beside it (as <see cref="EtcdBackup"/> writes it).</summary>
    public required string Snapshot { get; init; }

    /// <summary>
    /// How the cluster is applied around the restore (PKI store, timeouts, progress). The phases up to <c>files</c>
    /// run before the data dirs are restored (certificates re-issued for the new addresses, units, binaries); the
    /// selected phases from <c>etcd</c> on run after (default: the rest of the apply).
    /// </summary>
    public required ApplyOptions Apply { get; init; }

    /// <summary>
    /// Consent to replace a data dir that already holds etcd data on a target host (it is moved aside to
    /// <c>DATADIR.k8sbare-before-restore-TIMESTAMP</c>, never deleted). Without it such a host refuses the restore
    /// before anything changes.
    /// </summary>
    public bool ReplaceExistingData { get; init; }

    /// <summary>The restore tool on the hosts (<c>etcdutl</c> of etcd 3.5+, or <c>etcdctl</c> of 3.4); null finds either on PATH or in /usr/local/bin.</summary>
    public string? RestoreTool { get; init; }
}
