namespace K8sBare.Etcd;

/// <summary>GET /version: the server binary's version and the cluster's agreed version.</summary>
public sealed record EtcdVersionInfo
{
    /// <summary>The server version, for example 3.5.17.</summary>
    public required string Server { get; init; }

    /// <summary>The cluster version (major.minor.0), for example 3.5.0; empty while the cluster decides.</summary>
    public required string Cluster { get; init; }

    /// <summary>True when the cluster supports learners (3.4+).</summary>
    public bool SupportsLearners => TryParse(string.IsNullOrEmpty(Cluster) ? Server : Cluster) is { } v && v >= new Version(3, 4);

    internal static Version? TryParse(string text)
    {
        var core = text.Split('-', '+')[0];
        return Version.TryParse(core, out var v) ? v : null;
    }
}
