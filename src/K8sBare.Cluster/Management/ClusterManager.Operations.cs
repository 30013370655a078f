using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Operations;

namespace K8sBare.Cluster.Management;

/// <summary>Day-2 operations on the entry point, configured with the manager's transport, PKI store, progress and logging.</summary>
public sealed partial class ClusterManager
{
    /// <summary>Adding, removing and replacing nodes (each planned first; unsafe requests refused before any change).</summary>
    public ClusterNodeOperations Nodes => new(Connections, Defaults.Logger);

    /// <summary>The certificate expiry report read from the hosts, renewal and CA-rotation plans.</summary>
    public CertificateOperations Certificates => new(Connections, Defaults.Logger);

    /// <summary>etcd snapshots into a local folder, with retention and checksums.</summary>
    public EtcdBackup EtcdBackup => new(Defaults.Logger);

    /// <summary>Restoring etcd from a snapshot onto the hosts a spec names.</summary>
    public EtcdRestore EtcdRestore => new(Connections, Defaults.Logger);

    /// <summary>Removing what K8sBare installed on a node.</summary>
    public NodeReset Reset => new(Connections, Defaults.Logger);

    /// <summary>The node-operation options of <paramref name="spec"/>'s cluster: this manager's PKI store, binary cache, progress and logger.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="allowEvenMemberCount">Consent to an even number of etcd voting members afterwards (etcd's FAQ: no more fault tolerance than one fewer).</param>
    public NodeOperationOptions NodeOptionsFor(ClusterSpec spec, bool allowEvenMemberCount = false) => new()
    {
        PkiDirectory = PkiDirectoryOf(spec),
        BinaryCacheDirectory = Defaults.BinaryCacheDirectory,
        EtcdTimeout = Defaults.EtcdReadyTimeout,
        Progress = Defaults.Progress,
        Logger = Defaults.Logger,
        AllowEvenMemberCount = allowEvenMemberCount,
    };

    /// <summary>Adds <paramref name="node"/> to the running cluster <paramref name="spec"/> (see <see cref="ClusterNodeOperations.AddAsync"/>).</summary>
    /// <param name="spec">The cluster as it runs now.</param>
    /// <param name="node">The new node; an etcd node joins as a learner and is promoted when caught up.</param>
    /// <param name="cancellationToken">Stops the operation (running it again finishes it).</param>
    /// <exception cref="UnsafeNodeOperationException">Refused; nothing changed.</exception>
    /// <exception cref="ApplyException">The apply failed; run again to finish.</exception>
    public Task<NodeOperationResult> AddNodeAsync(ClusterSpec spec, NodeSpec node, CancellationToken cancellationToken = default) =>
        Nodes.AddAsync(spec, node, NodeOptionsFor(spec), cancellationToken);

    /// <summary>Removes the node named <paramref name="nodeName"/> (drain, Node object, etcd member, host services; see <see cref="ClusterNodeOperations.RemoveAsync"/>).</summary>
    /// <param name="spec">The cluster as it runs now, still listing the node.</param>
    /// <param name="nodeName">The node to remove.</param>
    /// <param name="cancellationToken">Stops the operation (running it again finishes it).</param>
    /// <exception cref="UnsafeNodeOperationException">Refused (the last member, quorum, an even count without consent); nothing changed.</exception>
    /// <exception cref="ApplyException">The apply failed; run again to finish.</exception>
    public Task<NodeOperationResult> RemoveNodeAsync(ClusterSpec spec, string nodeName, CancellationToken cancellationToken = default) =>
        Nodes.RemoveAsync(spec, nodeName, NodeOptionsFor(spec), cancellationToken);

    /// <summary>Replaces a dead control-plane node (see <see cref="ClusterNodeOperations.ReplaceAsync"/>).</summary>
    /// <param name="spec">The cluster as it runs now.</param>
    /// <param name="deadNode">The node that is gone; its etcd member is removed by ID without contacting it.</param>
    /// <param name="replacement">The new node (null: a fresh host at the same name and address).</param>
    /// <param name="cancellationToken">Stops the operation (running it again finishes it).</param>
    /// <exception cref="UnsafeNodeOperationException">Refused (quorum would be lost); nothing changed.</exception>
    /// <exception cref="ApplyException">The apply failed; run again to finish.</exception>
    public Task<NodeOperationResult> ReplaceNodeAsync(ClusterSpec spec, string deadNode, NodeSpec? replacement = null, CancellationToken cancellationToken = default) =>
        Nodes.ReplaceAsync(spec, deadNode, replacement, NodeOptionsFor(spec), cancellationToken);

    /// <summary>Takes an etcd snapshot of <paramref name="spec"/>'s cluster with this manager's PKI store (see <see cref="Operations.EtcdBackup.BackupAsync(ClusterSpec, string, EtcdBackupOptions, CancellationToken)"/>).</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="options">Folder, retention count.</param>
    /// <param name="cancellationToken">Stops the snapshot (a partial file is never kept).</param>
    public Task<EtcdBackupResult> BackupEtcdAsync(ClusterSpec spec, EtcdBackupOptions options, CancellationToken cancellationToken = default) =>
        EtcdBackup.BackupAsync(spec, PkiDirectoryOf(spec), options, cancellationToken);

    /// <summary>The certificate expiry report read from <paramref name="spec"/>'s hosts (see <see cref="CertificateOperations.ReportAsync"/>).</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="warnWithinDays">Certificates expiring within this many days are reported as expiring soon.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public Task<CertificateReport> CertificateReportAsync(ClusterSpec spec, int warnWithinDays = 30, CancellationToken cancellationToken = default) =>
        Certificates.ReportAsync(spec, warnWithinDays, cancellationToken);
}
