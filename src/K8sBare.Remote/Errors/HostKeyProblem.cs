namespace K8sBare.Remote.Errors;

/// <summary>Why a host key was refused.</summary>
public enum HostKeyProblem
{
    /// <summary>The host is not in the known_hosts file and trust-on-first-use was not requested.</summary>
    Unknown,

    /// <summary>The host presented a key different from the one recorded: possible man-in-the-middle or a reinstalled host.</summary>
    Changed,

    /// <summary>The host presented a key listed under <c>@revoked</c> in the known_hosts file.</summary>
    Revoked,
}
