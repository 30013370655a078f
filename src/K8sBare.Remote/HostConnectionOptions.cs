namespace K8sBare.Remote;

/// <summary>
/// Settings for one host connection, whatever the transport: <see cref="Transports.OpenSshOptions"/>, <see cref="Transports.SshNetOptions"/>,
/// <see cref="Transports.LocalOptions"/> or <see cref="Transports.DirectoryHostOptions"/>. Open any of them with
/// <see cref="Transports.HostConnections.OpenAsync"/>.
/// </summary>
public abstract record HostConnectionOptions
{
    /// <summary>Only the transports of this package derive from it.</summary>
    private protected HostConnectionOptions() { }
}
