using Etcdserverpb;

namespace K8sBare.Etcd;

public sealed partial class EtcdClient
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdMember>> ListMembersAsync(CancellationToken cancellationToken = default)
    {
        var r = await CallAsync(Endpoints, "member list", idempotent: true,
            (c, d, t) => c.MemberListAsync(new MemberListRequest(), null, d, t), cancellationToken).ConfigureAwait(false);
        return EtcdMapper.ToMembers(r.Members);
    }

    /// <inheritdoc />
    public async Task<(EtcdMember Added, IReadOnlyList<EtcdMember> Members)> AddMemberAsync(IReadOnlyList<Uri> peerUrls, bool isLearner,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peerUrls);
        if (peerUrls.Count == 0) throw new ArgumentException("A new member needs at least one peer URL, such as https://10.0.1.13:2380.", nameof(peerUrls));
        var req = new MemberAddRequest { IsLearner = isLearner };
        req.PeerURLs.AddRange(EtcdUrls.Render(peerUrls));
        var r = await CallAsync(Endpoints, "member add", idempotent: false, (c, d, t) => c.MemberAddAsync(req, null, d, t), cancellationToken)
            .ConfigureAwait(false);
        var added = r.Member is null
            ? throw new EtcdException(EtcdStatusCode.Internal, "no member in response", "etcd accepted member add but returned no member.")
            : EtcdMapper.ToMember(r.Member);
        return (added, EtcdMapper.ToMembers(r.Members));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdMember>> RemoveMemberAsync(EtcdMemberId memberId, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync(Endpoints, "member remove", idempotent: false,
            (c, d, t) => c.MemberRemoveAsync(new MemberRemoveRequest { ID = memberId.Value }, null, d, t), cancellationToken).ConfigureAwait(false);
        return EtcdMapper.ToMembers(r.Members);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdMember>> PromoteMemberAsync(EtcdMemberId memberId, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync(Endpoints, "member promote", idempotent: false,
            (c, d, t) => c.MemberPromoteAsync(new MemberPromoteRequest { ID = memberId.Value }, null, d, t), cancellationToken).ConfigureAwait(false);
        return EtcdMapper.ToMembers(r.Members);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdMember>> UpdateMemberAsync(EtcdMemberId memberId, IReadOnlyList<Uri> peerUrls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peerUrls);
        if (peerUrls.Count == 0) throw new ArgumentException("Pass at least one peer URL.", nameof(peerUrls));
        var req = new MemberUpdateRequest { ID = memberId.Value };
        req.PeerURLs.AddRange(EtcdUrls.Render(peerUrls));
        var r = await CallAsync(Endpoints, "member update", idempotent: false, (c, d, t) => c.MemberUpdateAsync(req, null, d, t), cancellationToken)
            .ConfigureAwait(false);
        return EtcdMapper.ToMembers(r.Members);
    }
}
