using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Etcd;

/// <summary>
/// Safe membership changes. Every change first checks the cluster and refuses — before changing anything —
/// when it would lose quorum, when a member is unhealthy, or when it leaves an even voter count without
/// consent (<see cref="EtcdMembershipOptions.AllowEvenMemberCount"/>). Replacing a dead member is split in
/// two: <see cref="BeginReplacementAsync"/> (remove without contacting it, add the replacement, return the exact
/// flags) and <see cref="CompleteReplacementAsync"/> (promote once in sync, wait for every member to be healthy).
/// </summary>
public sealed class EtcdMembership
{
    private readonly IEtcdClient _client;
    private readonly EtcdMembershipOptions _options;
    private readonly ILogger _log;

    /// <summary>Creates the membership manager over a client.</summary>
    /// <param name="client">A connected client (its identity must be etcd's root user when auth is on: membership changes need it).</param>
    /// <param name="options">Timeouts and safety choices; null uses the defaults of <see cref="EtcdMembershipOptions"/>.</param>
    /// <param name="logger">Optional logger (each change and refusal is logged).</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public EtcdMembership(IEtcdClient client, EtcdMembershipOptions? options = null, ILogger? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? new EtcdMembershipOptions();
        _log = logger ?? NullLogger.Instance;
    }

    /// <summary>The members with their health (each checked on its own client URLs).</summary>
    /// <param name="cancellationToken">Cancels the request(s).</param>
    public Task<IReadOnlyList<EtcdMemberHealth>> ListAsync(CancellationToken cancellationToken = default) =>
        _client.CheckMembersHealthAsync(cancellationToken);

    /// <summary>
    /// Adds a member after checking that every member is healthy. <paramref name="asLearner"/> null means
    /// "learner when the cluster supports it and <see cref="EtcdMembershipOptions.PreferLearners"/>". Start the
    /// new member with the returned instructions, then (for a learner) call <see cref="PromoteAsync"/>.
    /// </summary>
    /// <param name="name">The new member's name (its etcd <c>--name</c>), unique in the cluster.</param>
    /// <param name="peerUrls">The new member's peer URLs (etcd <c>--initial-advertise-peer-urls</c>, usually <c>https://ip:2380</c>).</param>
    /// <param name="asLearner">True: add as a learner (etcd ≥ 3.4); false: as a voter; null: learner when supported and preferred.</param>
    /// <param name="cancellationToken">Cancels the request(s); a membership change already sent to etcd may still have been applied.</param>
    public async Task<EtcdJoinInstructions> AddAsync(string name, IReadOnlyList<Uri> peerUrls, bool? asLearner = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(peerUrls);
        if (peerUrls.Count == 0) throw new ArgumentException("Pass the new member's peer URLs, such as https://10.0.1.13:2380.", nameof(peerUrls));
        var health = await CheckWithGraceAsync(c => _client.CheckMembersHealthAsync(c), cancellationToken).ConfigureAwait(false);
        var learner = asLearner ?? await DefaultLearnerAsync(cancellationToken).ConfigureAwait(false);
        EtcdMembershipRules.RefuseUnhealthy(health, $"add member '{name}'");
        EtcdMembershipRules.RefuseDuplicate(health, name, peerUrls, ignoreId: null);
        if (!learner) EtcdMembershipRules.RefuseEven(health, health.Count(h => !h.Member.IsLearner) + 1, $"add voting member '{name}'", _options);
        return await AddCheckedAsync(_client, name, peerUrls, learner, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Promotes a learner through the leader, retrying "not in sync with leader" up to <see cref="EtcdMembershipOptions.PromoteTimeout"/>.
    /// A promotion etcd did not confirm ("request timed out", a lost connection: it may or may not have been applied) is never
    /// sent blindly again: the member list is read, and only a member that is still a learner is promoted again.
    /// </summary>
    /// <param name="memberId">The learner to promote.</param>
    /// <param name="cancellationToken">Cancels the request(s); a membership change already sent to etcd may still have been applied.</param>
    public Task<EtcdMember> PromoteAsync(EtcdMemberId memberId, CancellationToken cancellationToken = default) =>
        PromoteCoreAsync(_client, memberId, checkEven: true, cancellationToken);

    /// <summary>
    /// Removes a member by ID without contacting it. Refused when the other voters could not commit the
    /// change or keep quorum afterwards, or when it leaves an even voter count without consent.
    /// </summary>
    /// <param name="memberId">The member to remove (etcdctl shows it as hex).</param>
    /// <param name="cancellationToken">Cancels the request(s); a membership change already sent to etcd may still have been applied.</param>
    public async Task RemoveAsync(EtcdMemberId memberId, CancellationToken cancellationToken = default)
    {
        var members = await _client.ListMembersAsync(cancellationToken).ConfigureAwait(false);
        var target = members.FirstOrDefault(m => m.Id == memberId)
            ?? throw EtcdMembershipRules.NotFound($"No etcd member has ID {memberId}; members: {string.Join(" | ", members)}.");
        await RemoveCoreAsync(members, target, checkEven: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the checks <see cref="RemoveAsync"/> runs — quorum without the member, the even-count rule — and changes nothing:
    /// the "plan" of a removal. Returns the member that would be removed.
    /// </summary>
    /// <param name="memberId">The member, as etcd lists it (<see cref="EtcdMember.Id"/>).</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <exception cref="UnsafeMembershipChangeException">The removal would be refused, with every member's health.</exception>
    /// <exception cref="EtcdException">No member has that ID (code NotFound), or no endpoint answered.</exception>
    public async Task<EtcdMember> CheckRemoveAsync(EtcdMemberId memberId, CancellationToken cancellationToken = default)
    {
        var members = await _client.ListMembersAsync(cancellationToken).ConfigureAwait(false);
        var target = members.FirstOrDefault(m => m.Id == memberId)
            ?? throw EtcdMembershipRules.NotFound($"No etcd member has ID {memberId}; members: {string.Join(" | ", members)}.");
        await CheckRemovalCoreAsync(members, target, checkEven: true, cancellationToken).ConfigureAwait(false);
        return target;
    }

    /// <summary>Removes a member by name (or by etcdctl hex ID), without contacting it.</summary>
    /// <param name="name">The member's name, or its ID in hex as etcdctl prints it.</param>
    /// <param name="cancellationToken">Cancels the request(s); a membership change already sent to etcd may still have been applied.</param>
    public async Task RemoveByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        var members = await _client.ListMembersAsync(cancellationToken).ConfigureAwait(false);
        var target = EtcdMembershipRules.Resolve(members, name);
        await RemoveCoreAsync(members, target, checkEven: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a member's peer URLs (after the member itself is reconfigured to listen on them).</summary>
    /// <param name="memberId">The member whose peer URLs change.</param>
    /// <param name="peerUrls">Its new peer URLs (the member must already listen on them).</param>
    /// <param name="cancellationToken">Cancels the request(s); a membership change already sent to etcd may still have been applied.</param>
    public async Task UpdatePeerUrlsAsync(EtcdMemberId memberId, IReadOnlyList<Uri> peerUrls, CancellationToken cancellationToken = default)
    {
        var health = await _client.CheckMembersHealthAsync(cancellationToken).ConfigureAwait(false);
        if (health.All(h => h.Member.Id != memberId))
            throw EtcdMembershipRules.NotFound($"No etcd member has ID {memberId}.");
        EtcdMembershipRules.RefuseDuplicate(health, null, peerUrls, ignoreId: memberId);
        await _client.UpdateMemberAsync(memberId, peerUrls, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// First half of replacing a dead member: checks the survivors (the dead member is never contacted),
    /// removes it, adds the replacement (as a learner on 3.4+) and returns exactly how to start it.
    /// </summary>
    /// <param name="request">The dead member and its replacement (name, peer and client URLs).</param>
    /// <param name="cancellationToken">Cancels the request(s); a membership change already sent to etcd may still have been applied.</param>
    public async Task<EtcdReplacementPlan> BeginReplacementAsync(EtcdReplacementRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.NewName);
        if (request.NewPeerUrls is null || request.NewPeerUrls.Count == 0)
            throw new ArgumentException("EtcdReplacementRequest.NewPeerUrls is empty; pass the replacement's peer URLs.", nameof(request));
        var members = await _client.ListMembersAsync(cancellationToken).ConfigureAwait(false);
        var dead = EtcdMembershipRules.Resolve(members, request.DeadMember);
        var survivors = await CheckWithGraceAsync(c => CheckOthersAsync(members, dead.Id, c), cancellationToken).ConfigureAwait(false);
        EtcdMembershipRules.RefuseUnhealthy(survivors, $"replace member '{request.DeadMember}'");
        EtcdMembershipRules.RefuseQuorumLoss(survivors, members, dead, $"replace member '{request.DeadMember}'");
        EtcdMembershipRules.RefuseDuplicate(survivors, dead.Name == request.NewName ? null : request.NewName, request.NewPeerUrls, ignoreId: dead.Id);
        var survivorClient = _client.WithEndpoints(EtcdMembershipRules.ClientUrls(survivors));
        var learner = await DefaultLearnerAsync(cancellationToken).ConfigureAwait(false);

        _log.LogInformation("Removing etcd member {Id} ({Name}) without contacting it", dead.Id, dead.Name);
        await RetryTransientAsync(c => survivorClient.RemoveMemberAsync(dead.Id, c), cancellationToken).ConfigureAwait(false);
        EtcdJoinInstructions join;
        try
        {
            join = await AddCheckedAsync(survivorClient, request.NewName, request.NewPeerUrls, learner, cancellationToken).ConfigureAwait(false);
        }
        catch (EtcdException ex)
        {
            throw new EtcdException(ex.Code, ex.EtcdMessage,
                $"Member {dead.Id} ({dead.Name}) was removed, but adding the replacement '{request.NewName}' failed: {ex.Message} " +
                "The cluster now runs without it; call EtcdMembership.AddAsync with the same name and peer URLs to retry the add.", ex.Endpoint, ex);
        }
        var added = new EtcdMember { Id = join.MemberId, PeerUrls = request.NewPeerUrls, IsLearner = join.IsLearner };
        return new EtcdReplacementPlan { Removed = dead, Added = added, Join = join };
    }

    /// <summary>
    /// Second half of a replacement, after the caller started the new member on a wiped data dir with
    /// <see cref="EtcdReplacementPlan.Join"/>: waits for it to start, promotes it if it is a learner, and waits
    /// until every member is healthy. Returns the final health.
    /// </summary>
    /// <param name="plan">The plan <see cref="BeginReplacementAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the request(s); a membership change already sent to etcd may still have been applied.</param>
    public async Task<IReadOnlyList<EtcdMemberHealth>> CompleteReplacementAsync(EtcdReplacementPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await WaitUntilAsync(async ct =>
        {
            var m = (await _client.ListMembersAsync(ct).ConfigureAwait(false)).FirstOrDefault(x => x.Id == plan.Join.MemberId);
            return m is null
                ? throw EtcdMembershipRules.NotFound($"Member {plan.Join.MemberId} is no longer in the cluster; begin the replacement again.")
                : (m.IsStarted, $"member {m.Id} ('{plan.Join.Name}') has not started yet: start it with {string.Join(" ", plan.Join.Flags)} on an empty data dir");
        }, _options.HealthTimeout, cancellationToken).ConfigureAwait(false);
        if (plan.Join.IsLearner)
            await PromoteCoreAsync(_client, plan.Join.MemberId, checkEven: false, cancellationToken).ConfigureAwait(false);
        return await WaitForHealthyAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits (up to <see cref="EtcdMembershipOptions.HealthTimeout"/>) until every member — and, if given, exactly <paramref name="expectedMembers"/> — is healthy.</summary>
    /// <param name="expectedMembers">The member count to wait for as well; null waits only for every listed member to be healthy.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<IReadOnlyList<EtcdMemberHealth>> WaitForHealthyAsync(int? expectedMembers = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<EtcdMemberHealth> last = [];
        await WaitUntilAsync(async ct =>
        {
            try
            {
                last = await _client.CheckMembersHealthAsync(ct).ConfigureAwait(false);
            }
            catch (EtcdException ex)
            {
                return (false, ex.Message);
            }
            var bad = last.Where(h => !h.Healthy).Select(h => $"{h.Member.Id} ({h.Member.Name}): {h.Error}").ToList();
            if (expectedMembers is { } n && last.Count != n) bad.Add($"{last.Count} members instead of {n}");
            return (bad.Count == 0, string.Join("; ", bad));
        }, _options.HealthTimeout, cancellationToken).ConfigureAwait(false);
        return last;
    }

    private async Task<IReadOnlyList<EtcdMemberHealth>> CheckRemovalCoreAsync(IReadOnlyList<EtcdMember> members, EtcdMember target, bool checkEven, CancellationToken ct)
    {
        var survivors = await CheckOthersAsync(members, target.Id, ct).ConfigureAwait(false);
        EtcdMembershipRules.RefuseQuorumLoss(survivors, members, target, $"remove member {target.Id} ({target.Name})");
        if (checkEven && !target.IsLearner)
            EtcdMembershipRules.RefuseEven(survivors, members.Count(m => !m.IsLearner) - 1, $"remove member {target.Id} ({target.Name})", _options);
        return survivors;
    }

    private async Task RemoveCoreAsync(IReadOnlyList<EtcdMember> members, EtcdMember target, bool checkEven, CancellationToken ct)
    {
        var survivors = await CheckRemovalCoreAsync(members, target, checkEven, ct).ConfigureAwait(false);
        var healthyUrls = EtcdMembershipRules.ClientUrls(survivors.Where(s => s.Healthy).ToList());
        var client = healthyUrls.Count > 0 ? _client.WithEndpoints(healthyUrls) : _client;
        await RetryTransientAsync(c => client.RemoveMemberAsync(target.Id, c), ct).ConfigureAwait(false);
    }

    /// <summary>Retries etcd's "unhealthy cluster" answers (a member connected less than 5 s ago) up to the health timeout.</summary>
    private Task RetryTransientAsync(Func<CancellationToken, Task> call, CancellationToken ct) =>
        WaitUntilAsync(async c =>
        {
            try
            {
                await call(c).ConfigureAwait(false);
                return (true, "");
            }
            catch (EtcdException ex) when (EtcdMembershipRules.IsTransientUnhealthy(ex))
            {
                _log.LogDebug("etcd answered {Message}; retrying", ex.EtcdMessage);
                return (false, ex.EtcdMessage);
            }
        }, _options.HealthTimeout, ct);

    private async Task<IReadOnlyList<EtcdMemberHealth>> CheckWithGraceAsync(Func<CancellationToken, Task<IReadOnlyList<EtcdMemberHealth>>> check,
        CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + _options.UnhealthyGracePeriod;
        while (true)
        {
            var health = await check(ct).ConfigureAwait(false);
            if (health.All(h => h.Healthy) || DateTime.UtcNow >= deadline) return health;
            await Task.Delay(_options.RetryInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<EtcdMemberHealth>> CheckOthersAsync(IReadOnlyList<EtcdMember> members, EtcdMemberId exclude, CancellationToken ct) =>
        await Task.WhenAll(members.Where(m => m.Id != exclude).Select(m => _client.CheckHealthAsync(m, ct))).ConfigureAwait(false);

    private async Task<bool> DefaultLearnerAsync(CancellationToken ct) =>
        _options.PreferLearners && (await _client.GetVersionAsync(ct).ConfigureAwait(false)).SupportsLearners;

    private async Task<EtcdJoinInstructions> AddCheckedAsync(IEtcdClient client, string name, IReadOnlyList<Uri> peerUrls, bool learner, CancellationToken ct)
    {
        EtcdMember? added = null;
        IReadOnlyList<EtcdMember> all = [];
        await WaitUntilAsync(async c =>
        {
            try
            {
                (added, all) = await client.AddMemberAsync(peerUrls, learner, c).ConfigureAwait(false);
                return (true, "");
            }
            catch (EtcdException ex) when (EtcdMembershipRules.IsTransientUnhealthy(ex))
            {
                _log.LogDebug("etcd answered {Message} to member add; retrying", ex.EtcdMessage);
                return (false, ex.EtcdMessage);
            }
        }, _options.HealthTimeout, ct).ConfigureAwait(false);
        _log.LogInformation("Added etcd member {Id} ({Name}) as {Kind}", added!.Id, name, learner ? "learner" : "voter");
        return EtcdMembershipRules.JoinInstructions(added, all, name, peerUrls);
    }

    private async Task<EtcdMember> PromoteCoreAsync(IEtcdClient client, EtcdMemberId id, bool checkEven, CancellationToken ct)
    {
        var members = await client.ListMembersAsync(ct).ConfigureAwait(false);
        var m = members.FirstOrDefault(x => x.Id == id)
            ?? throw EtcdMembershipRules.NotFound($"No etcd member has ID {id}.");
        if (!m.IsLearner)
            throw new EtcdException(EtcdStatusCode.FailedPrecondition, "", $"Member {m.Id} ({m.Name}) is already a voting member; only learners can be promoted.");
        if (checkEven)
            EtcdMembershipRules.RefuseEven([], members.Count(x => !x.IsLearner) + 1, $"promote member {m.Id} ({m.Name})", _options);
        EtcdMember? promoted = null;
        await WaitUntilAsync(async c =>
        {
            try
            {
                // To the leader itself: a follower forwards a promotion over the peer API, and etcd 3.4 reports a learner
                // that is not in sync yet through that path as "request timed out" instead of "not in sync".
                var leader = await client.FindLeaderAsync(c).ConfigureAwait(false);
                using var direct = leader is null ? null : client.WithEndpoints([leader.Endpoint]);
                var after = await (direct ?? client).PromoteMemberAsync(id, c).ConfigureAwait(false);
                promoted = after.FirstOrDefault(x => x.Id == id) ?? m with { IsLearner = false };
                return (true, "");
            }
            catch (EtcdException ex) when (ex.EtcdMessage.Contains("in sync with leader", StringComparison.Ordinal) || EtcdMembershipRules.IsTransientUnhealthy(ex))
            {
                return (false, $"learner {m.Id} is not in sync with the leader yet ({ex.EtcdMessage}); check that it runs and reaches its peers");
            }
            catch (EtcdException ex) when (EtcdMembershipRules.IsUnconfirmed(ex))
            {
                // The promotion may or may not have been applied: never send it blindly again. Only a member that is still
                // a learner is promoted again.
                _log.LogDebug("etcd answered {Message} to the promotion of {Id}; reading the member list", ex.EtcdMessage, id);
                if (await CurrentAsync(client, id, c).ConfigureAwait(false) is { IsLearner: false } now)
                {
                    promoted = now;
                    return (true, "");
                }

                return (false, $"promoting learner {m.Id} was not confirmed ({ex.EtcdMessage}) and it is still a learner");
            }
        }, _options.PromoteTimeout, ct).ConfigureAwait(false);
        return promoted!;
    }

    /// <summary>The member as etcd lists it now; NotFound when it left the cluster; null when the list cannot be read right now.</summary>
    private static async Task<EtcdMember?> CurrentAsync(IEtcdClient client, EtcdMemberId id, CancellationToken ct)
    {
        IReadOnlyList<EtcdMember> members;
        try
        {
            members = await client.ListMembersAsync(ct).ConfigureAwait(false);
        }
        catch (EtcdException)
        {
            return null;
        }

        return members.FirstOrDefault(x => x.Id == id) ?? throw EtcdMembershipRules.NotFound($"Member {id} is no longer in the etcd cluster.");
    }

    private async Task WaitUntilAsync(Func<CancellationToken, Task<(bool Done, string Why)>> attempt, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (done, why) = await attempt(ct).ConfigureAwait(false);
            if (done) return;
            if (DateTime.UtcNow >= deadline)
                throw new EtcdException(EtcdStatusCode.DeadlineExceeded, why, $"Gave up after {timeout.TotalSeconds:0.#} s: {why}.");
            await Task.Delay(_options.RetryInterval, ct).ConfigureAwait(false);
        }
    }
}
