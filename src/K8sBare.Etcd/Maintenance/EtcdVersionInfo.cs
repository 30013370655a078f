namespace K8sBare.Etcd;

/// <summary>A member's server version, from its maintenance status (etcd's <c>StatusResponse.version</c>).</summary>
public sealed record EtcdVersionInfo
{
    /// <summary>The server version, for example 3.5.16.</summary>
    public required string Server { get; init; }

    /// <summary>True when the server supports learners (3.4+).</summary>
    public bool SupportsLearners => TryParse(Server) is { } v && v >= new Version(3, 4);

    internal static Version? TryParse(string text)
    {
        var core = text.Split('-', '+')[0];
        return Version.TryParse(core, out var v) ? v : null;
    }
}
