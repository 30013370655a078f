namespace K8sBare.Etcd;

/// <summary>An active alarm on a member.</summary>
public sealed record EtcdAlarm
{
    /// <summary>The member raising it.</summary>
    public required EtcdMemberId MemberId { get; init; }

    /// <summary>The alarm.</summary>
    public required EtcdAlarmType Type { get; init; }
}
