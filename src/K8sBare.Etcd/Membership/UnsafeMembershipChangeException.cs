namespace K8sBare.Etcd;

/// <summary>A membership change refused before anything was changed, because it would be unsafe.</summary>
public sealed class UnsafeMembershipChangeException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public UnsafeMembershipChangeException(string message, IReadOnlyList<EtcdMemberHealth> members) : base(message)
    {
        Members = members;
    }

    /// <summary>The members and their health as seen when the change was refused.</summary>
    public IReadOnlyList<EtcdMemberHealth> Members { get; }
}
