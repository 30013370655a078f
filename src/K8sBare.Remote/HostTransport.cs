namespace K8sBare.Remote;

/// <summary>The kind of transport behind an <see cref="IHostConnection"/>.</summary>
public enum HostTransport
{
    /// <summary>A remote host reached through the system OpenSSH client.</summary>
    OpenSsh,

    /// <summary>A remote host reached through the in-process SSH.NET client (no <c>ssh</c> binary).</summary>
    SshNet,

    /// <summary>The machine the code runs on.</summary>
    Local,

    /// <summary>A folder that mirrors the host's absolute paths and records commands instead of running them.</summary>
    Directory,
}
