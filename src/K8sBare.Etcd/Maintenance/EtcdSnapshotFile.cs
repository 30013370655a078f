namespace K8sBare.Etcd;

/// <summary>
/// Checks of an etcd snapshot file at rest: the same integrity check <c>etcdctl snapshot save</c> and
/// <see cref="IEtcdClient.SaveSnapshotAsync"/> make on arrival (the file is a bbolt database of whole 512-byte
/// pages followed by the 32-byte SHA-256 of those pages; etcd's <c>snapshot_command.go</c> / <c>v3_snapshot.go</c>),
/// so a file damaged on disk or in transfer is found before a restore uses it.
/// </summary>
public static class EtcdSnapshotFile
{
    /// <summary>Verifies a snapshot file's own SHA-256 trailer.</summary>
    /// <param name="path">The snapshot file.</param>
    /// <returns>The trailer's SHA-256 of the database (lowercase hex).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EtcdException">The file is truncated or its data does not match its SHA-256 (<see cref="EtcdStatusCode.DataLoss"/>).</exception>
    public static string Verify(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"The etcd snapshot '{full}' does not exist.", full);
        return EtcdClient.VerifySnapshotFile(full, new FileInfo(full).Length, null, new Uri(full));
    }
}
