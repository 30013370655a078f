using System.Security.Cryptography;

namespace K8sBare.Remote.Files;

/// <summary>SHA-256 helpers matching what the hosts report (<c>sha256sum</c>: lowercase hex).</summary>
public static class FileHash
{
    /// <summary>The lowercase hex SHA-256 of some bytes.</summary>
    /// <param name="data">The bytes to hash.</param>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();
}
