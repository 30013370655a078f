using K8sBare.Etcd.Protocol;

namespace K8sBare.Etcd;

public sealed partial class EtcdClient
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdMember>> ListMembersAsync(CancellationToken cancellationToken = default)
    {
        var r = await MemberCallAsync("list", new MemberRequestDto(), idempotent: true, cancellationToken).ConfigureAwait(false);
        return EtcdMapper.ToMembers(r.Members);
    }

    /// <inheritdoc />
    public async Task<(EtcdMember Added, IReadOnlyList<EtcdMember> Members)> AddMemberAsync(IReadOnlyList<Uri> peerUrls, bool isLearner,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peerUrls);
        if (peerUrls.Count == 0) throw new ArgumentException("A new member needs at least one peer URL, such as https://10.0.1.13:2380.", nameof(peerUrls));
        var r = await MemberCallAsync("add", new MemberRequestDto { PeerUrls = EtcdUrls.Render(peerUrls), IsLearner = isLearner },
            idempotent: false, cancellationToken).ConfigureAwait(false);
        var added = r.Member is null
            ? throw new EtcdException(EtcdStatusCode.Internal, "no member in response", "etcd accepted member add but returned no member.")
            : EtcdMapper.ToMember(r.Member);
        return (added, EtcdMapper.ToMembers(r.Members));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdMember>> RemoveMemberAsync(ulong memberId, CancellationToken cancellationToken = default)
    {
        var r = await MemberCallAsync("remove", new MemberRequestDto { Id = memberId }, idempotent: false, cancellationToken).ConfigureAwait(false);
        return EtcdMapper.ToMembers(r.Members);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdMember>> PromoteMemberAsync(ulong memberId, CancellationToken cancellationToken = default)
    {
        var r = await MemberCallAsync("promote", new MemberRequestDto { Id = memberId }, idempotent: false, cancellationToken).ConfigureAwait(false);
        return EtcdMapper.ToMembers(r.Members);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EtcdMember>> UpdateMemberAsync(ulong memberId, IReadOnlyList<Uri> peerUrls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peerUrls);
        if (peerUrls.Count == 0) throw new ArgumentException("Pass at least one peer URL.", nameof(peerUrls));
        var r = await MemberCallAsync("update", new MemberRequestDto { Id = memberId, PeerUrls = EtcdUrls.Render(peerUrls) },
            idempotent: false, cancellationToken).ConfigureAwait(false);
        return EtcdMapper.ToMembers(r.Members);
    }

    private Task<MemberResponseDto> MemberCallAsync(string op, MemberRequestDto req, bool idempotent, CancellationToken ct) =>
        _transport.PostAsync(V3 + "cluster/member/" + op, req, EtcdJsonContext.Default.MemberRequestDto,
            EtcdJsonContext.Default.MemberResponseDto, idempotent, ct);
}
