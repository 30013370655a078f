using Etcdserverpb;

namespace K8sBare.Etcd;

/// <summary>Maps etcd's protobuf messages (dotnet-etcd's generated types) to K8sBare's public records.</summary>
internal static class EtcdMapper
{
    public static EtcdKeyValue ToKeyValue(Mvccpb.KeyValue d) => new()
    {
        Key = EtcdKeys.Decode(d.Key),
        ValueBytes = d.Value.ToByteArray(),
        CreateRevision = d.CreateRevision,
        ModRevision = d.ModRevision,
        Version = d.Version,
        Lease = d.Lease,
    };

    public static EtcdMember ToMember(Member d) => new()
    {
        Id = new EtcdMemberId(d.ID),
        Name = d.Name ?? "",
        PeerUrls = ToUris(d.PeerURLs),
        ClientUrls = ToUris(d.ClientURLs),
        IsLearner = d.IsLearner,
    };

    public static IReadOnlyList<EtcdMember> ToMembers(IEnumerable<Member>? list) => list is null ? [] : [.. list.Select(ToMember)];

    public static EtcdEndpointStatus ToStatus(Uri endpoint, StatusResponse d) => new()
    {
        Endpoint = endpoint,
        MemberId = new EtcdMemberId(d.Header?.MemberId ?? 0),
        ClusterId = d.Header?.ClusterId ?? 0,
        Version = d.Version ?? "",
        Leader = new EtcdMemberId(d.Leader),
        RaftIndex = d.RaftIndex,
        RaftTerm = d.RaftTerm,
        RaftAppliedIndex = d.RaftAppliedIndex,
        DbSize = d.DbSize,
        DbSizeInUse = d.DbSizeInUse,
        IsLearner = d.IsLearner,
        Errors = [.. d.Errors],
    };

    public static EtcdAlarmType ToAlarmType(AlarmType t) => t switch
    {
        AlarmType.Nospace => EtcdAlarmType.NoSpace,
        AlarmType.Corrupt => EtcdAlarmType.Corrupt,
        _ => EtcdAlarmType.None,
    };

    public static AlarmType FromAlarmType(EtcdAlarmType t) => t switch
    {
        EtcdAlarmType.NoSpace => AlarmType.Nospace,
        EtcdAlarmType.Corrupt => AlarmType.Corrupt,
        _ => AlarmType.None,
    };

    private static IReadOnlyList<Uri> ToUris(IEnumerable<string> urls) => [.. urls.Select(u => new Uri(u, UriKind.Absolute))];
}
