namespace K8sBare.Remote.Transports;

/// <summary>How host keys are verified, by either SSH transport.</summary>
public enum HostKeyPolicy
{
    /// <summary>The host's key must already be in the known_hosts file (default; OpenSSH: <c>StrictHostKeyChecking=yes</c>).</summary>
    Strict,

    /// <summary>
    /// An unknown host's key is recorded on first connection; a changed key is still refused
    /// (OpenSSH: <c>StrictHostKeyChecking=accept-new</c>). Only when the caller asks for it.
    /// </summary>
    TrustOnFirstUse,
}
