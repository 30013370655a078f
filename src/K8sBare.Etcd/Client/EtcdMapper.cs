using K8sBare.Etcd.Protocol;

namespace K8sBare.Etcd;

/// <summary>Maps gateway DTOs to the public records.</summary>
internal static class EtcdMapper
{
    public static EtcdKeyValue ToKeyValue(KeyValueDto d) => new()
    {
        Key = EtcdKeys.DecodeText(d.Key),
        ValueBytes = EtcdKeys.Decode(d.Value),
        CreateRevision = d.CreateRevision,
        ModRevision = d.ModRevision,
        Version = d.Version,
        Lease = d.Lease,
    };

    public static EtcdMember ToMember(MemberDto d) => new()
    {
        Id = d.Id,
        Name = d.Name ?? "",
        PeerUrls = ToUris(d.PeerUrls),
        ClientUrls = ToUris(d.ClientUrls),
        IsLearner = d.IsLearner,
    };

    public static IReadOnlyList<EtcdMember> ToMembers(List<MemberDto>? list) => list is null ? [] : [.. list.Select(ToMember)];

    public static EtcdLease ToLease(LeaseDto d) => new()
    {
        Id = d.Id,
        Ttl = TimeSpan.FromSeconds(d.Ttl),
        GrantedTtl = TimeSpan.FromSeconds(d.GrantedTtl),
        Keys = d.Keys is null ? [] : [.. d.Keys.Select(EtcdKeys.DecodeText)],
    };

    public static EtcdEndpointStatus ToStatus(Uri endpoint, StatusResponseDto d) => new()
    {
        Endpoint = endpoint,
        MemberId = d.Header?.MemberId ?? 0,
        Version = d.Version ?? "",
        Leader = d.Leader,
        RaftIndex = d.RaftIndex,
        RaftTerm = d.RaftTerm,
        RaftAppliedIndex = d.RaftAppliedIndex,
        DbSize = d.DbSize,
        DbSizeInUse = d.DbSizeInUse,
        IsLearner = d.IsLearner,
        Errors = d.Errors is null ? [] : [.. d.Errors],
    };

    public static EtcdAlarmType ToAlarmType(string? s) => s switch
    {
        "NOSPACE" or "1" => EtcdAlarmType.NoSpace,
        "CORRUPT" or "2" => EtcdAlarmType.Corrupt,
        _ => EtcdAlarmType.None,
    };

    private static IReadOnlyList<Uri> ToUris(List<string>? urls) =>
        urls is null ? [] : [.. urls.Select(u => new Uri(u, UriKind.Absolute))];
}
