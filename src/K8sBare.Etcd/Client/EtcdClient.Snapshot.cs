using System.Security.Cryptography;
using Etcdserverpb;

namespace K8sBare.Etcd;

public sealed partial class EtcdClient
{
    private const int Sha256Size = 32;

    /// <inheritdoc />
    public async Task<EtcdSnapshotInfo> SaveSnapshotAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Cannot save the etcd snapshot to '{full}': the directory '{dir}' does not exist.");
        var part = full + ".part";
        try
        {
            var (written, expectedDb, ep) = await StreamOnFirstEndpointAsync("snapshot", async (channel, ct) =>
            {
                long written = 0;
                long? expectedDb = null;
                var fsOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
                if (!OperatingSystem.IsWindows()) fsOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                await using var file = new FileStream(part, fsOptions);
                using var call = channel.Client.GetConnection().MaintenanceClient.Snapshot(new SnapshotRequest(), null, null, ct);
                while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
                {
                    var r = call.ResponseStream.Current;
                    if (r.Blob.IsEmpty) continue;
                    // The first chunk tells the database size: its length plus the bytes still to come.
                    expectedDb ??= r.Blob.Length + (long)r.RemainingBytes;
                    await file.WriteAsync(r.Blob.Memory, ct).ConfigureAwait(false);
                    written += r.Blob.Length;
                }
                await file.FlushAsync(ct).ConfigureAwait(false);
                return (written, expectedDb, channel.Endpoint);
            }, cancellationToken).ConfigureAwait(false);
            var sha = VerifySnapshotFile(part, written, expectedDb, ep);
            File.Move(part, full, overwrite: true);
            return new EtcdSnapshotInfo { Path = full, Size = written, Endpoint = ep, Sha256 = sha };
        }
        catch
        {
            try { File.Delete(part); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>etcdctl's check: the file ends with the SHA-256 of everything before it, and the database is whole pages.</summary>
    internal static string VerifySnapshotFile(string part, long written, long? expectedDb, Uri ep)
    {
        if (written < Sha256Size || written % 512 != Sha256Size)
            throw new EtcdException(EtcdStatusCode.DataLoss, "sha256 checksum not found",
                $"The snapshot from {ep} is {written} bytes, which is not a whole database plus a 32-byte SHA-256 trailer: the stream was cut short. Take the snapshot again.", ep);
        var db = written - Sha256Size;
        if (expectedDb is { } exp && exp != db && exp != written)
            throw new EtcdException(EtcdStatusCode.DataLoss, "snapshot size mismatch",
                $"The snapshot from {ep} announced {exp} bytes but {db} arrived. Take the snapshot again.", ep);
        using var f = File.OpenRead(part);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buf = new byte[81920];
        var left = db;
        while (left > 0)
        {
            var n = f.Read(buf, 0, (int)Math.Min(buf.Length, left));
            if (n <= 0) break;
            hash.AppendData(buf, 0, n);
            left -= n;
        }
        var trailer = new byte[Sha256Size];
        f.ReadExactly(trailer);
        var actual = hash.GetHashAndReset();
        if (!actual.AsSpan().SequenceEqual(trailer))
            throw new EtcdException(EtcdStatusCode.DataLoss, "sha256 mismatch",
                $"The snapshot from {ep} fails its SHA-256 check (the data is corrupt). Take the snapshot again.", ep);
        return Convert.ToHexString(trailer).ToLowerInvariant();
    }
}
