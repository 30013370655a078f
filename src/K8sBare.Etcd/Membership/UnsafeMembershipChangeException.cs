namespace K8sBare.Etcd;

/// <summary>A membership change refused before anything was changed, because it would be unsafe (code <see cref="EtcdStatusCode.FailedPrecondition"/>).</summary>
public sealed class UnsafeMembershipChangeException : EtcdException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused, why, and the fix.</param>
    /// <param name="members">Every member's health as seen when refusing.</param>
    public UnsafeMembershipChangeException(string message, IReadOnlyList<EtcdMemberHealth> members)
        : base(EtcdStatusCode.FailedPrecondition, "", message)
    {
        Members = members;
    }

    /// <summary>The members and their health as seen when the change was refused.</summary>
    public IReadOnlyList<EtcdMemberHealth> Members { get; }
}
