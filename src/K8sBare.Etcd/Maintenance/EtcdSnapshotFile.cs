namespace K8sBare.Etcd;

/// <summary>
/// Checks of an etcd snapshot file at rest: the same integrity check <c>etcdctl snapshot save</c> and
/// <see cref="IEtcdClient.SaveSnapshotAsync"/> make on arrival (the file is a bbolt database of whole 512-byte
/// pages followed by the 32-byte SHA-256 of those pages; etcd's <c>snapshot_command.go</c> / <c>v3_snapshot.go</c>),
/// so a file damaged on disk or in transfer is found before a restore uses it.
/// </summary>
public static class EtcdSnapshotFile
{
    /// <summary>
    /// bbolt's magic number, in the meta page at the start of every bbolt database (etcd's backend;
    /// go.etcd.io/bbolt <c>const magic uint32 = 0xED0CDAED</c>): a 16-byte page header (id, flags, count, overflow),
    /// then the meta's <c>magic</c>, little-endian on the platforms etcd ships for.
    /// </summary>
    private const uint BboltMagic = 0xED0CDAED;

    /// <summary>bbolt's page header before the meta (page.go: id u64, flags u16, count u16, overflow u32).</summary>
    private const int PageHeaderSize = 16;

    /// <summary>
    /// Checks that a file is a bbolt database (an etcd snapshot or data file) by the magic number of its first meta
    /// page, or of the second one at the usual 4096-byte page size (bbolt keeps two and uses whichever is whole);
    /// it reads 4 KiB at most, so it runs before a full checksum.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EtcdException">The file is not a bbolt database (<see cref="EtcdStatusCode.DataLoss"/>).</exception>
    public static void VerifyFormat(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"The etcd snapshot '{full}' does not exist.", full);
        using var f = File.OpenRead(full);
        Span<byte> head = stackalloc byte[PageHeaderSize + 4];
        foreach (var page in (long[])[0, 4096])
        {
            f.Position = page;
            if (f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length
                && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head[PageHeaderSize..]) == BboltMagic)
                return;
        }

        throw new EtcdException(EtcdStatusCode.DataLoss, "not a bbolt database",
            $"'{full}' is not an etcd snapshot: it is not a bbolt database (no magic number 0x{BboltMagic:X8} in its meta pages). Pass a file written by 'etcdctl snapshot save' or 'k8sbare etcd backup'.",
            new Uri(full));
    }

    /// <summary>Verifies a snapshot file's own SHA-256 trailer.</summary>
    /// <param name="path">The snapshot file.</param>
    /// <returns>The trailer's SHA-256 of the database (lowercase hex).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EtcdException">The file is not a bbolt database (<see cref="VerifyFormat"/>), is truncated or its data does not match its SHA-256 (<see cref="EtcdStatusCode.DataLoss"/>).</exception>
    public static string Verify(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        VerifyFormat(full);
        return EtcdClient.VerifySnapshotFile(full, new FileInfo(full).Length, null, new Uri(full));
    }
}
