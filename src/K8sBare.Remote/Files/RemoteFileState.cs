namespace K8sBare.Remote.Files;

/// <summary>What a path is on a host right now.</summary>
/// <param name="Path">The absolute path that was asked about.</param>
/// <param name="Exists">True when something exists at the path.</param>
/// <param name="IsDirectory">True when the path is a directory (no hash then).</param>
/// <param name="Sha256">Lowercase hex SHA-256 of a regular file; null otherwise.</param>
/// <param name="Mode">Permission bits; null when the path does not exist.</param>
/// <param name="Owner">Owner as <c>user:group</c>; null when missing or unknown.</param>
/// <param name="Size">Size in bytes; null when the path does not exist.</param>
public sealed record RemoteFileState(string Path, bool Exists, bool IsDirectory, string? Sha256, UnixFileMode? Mode, string? Owner, long? Size)
{
    /// <summary>A state for a path that does not exist.</summary>
    /// <param name="path">The path.</param>
    public static RemoteFileState Missing(string path) => new(path, false, false, null, null, null, null);

    /// <summary>True when this state already matches the desired file (content, mode and, when given, owner).</summary>
    /// <param name="desired">The desired file.</param>
    public bool Matches(RemoteFile desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return Exists && !IsDirectory
            && string.Equals(Sha256, desired.Sha256, StringComparison.Ordinal)
            && Mode == desired.Mode
            && (desired.Owner is null || OwnerMatches(desired.Owner));
    }

    private bool OwnerMatches(string desiredOwner)
    {
        if (Owner is null) return false;
        // "user" matches "user:anything"; "user:group" must match exactly.
        return desiredOwner.Contains(':', StringComparison.Ordinal)
            ? string.Equals(Owner, desiredOwner, StringComparison.Ordinal)
            : Owner.Split(':')[0] == desiredOwner;
    }
}
