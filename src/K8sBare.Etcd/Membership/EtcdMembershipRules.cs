namespace K8sBare.Etcd;

/// <summary>The safety rules behind <see cref="EtcdMembership"/>: pure checks over member lists.</summary>
internal static class EtcdMembershipRules
{
    public static int Quorum(int voters) => voters / 2 + 1;

    /// <summary>No member with that name or ID (code <see cref="EtcdStatusCode.NotFound"/>).</summary>
    public static EtcdException NotFound(string message) => new(EtcdStatusCode.NotFound, "member not found", message);

    public static EtcdMember Resolve(IReadOnlyList<EtcdMember> members, string nameOrId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrId);
        var byName = members.Where(m => m.Name == nameOrId).ToList();
        if (byName.Count == 1) return byName[0];
        if (byName.Count > 1)
            throw new EtcdException(EtcdStatusCode.FailedPrecondition, "", $"Several etcd members are named '{nameOrId}'; pass the ID instead: {string.Join(" | ", byName)}.");
        if (EtcdMemberId.TryParse(nameOrId, out var id) && members.FirstOrDefault(m => m.Id == id) is { } m) return m;
        throw NotFound($"No etcd member is named or has the ID '{nameOrId}'; members: {string.Join(" | ", members)}.");
    }

    public static void RefuseUnhealthy(IReadOnlyList<EtcdMemberHealth> health, string what)
    {
        var bad = health.Where(h => !h.Healthy).ToList();
        if (bad.Count == 0) return;
        throw new UnsafeMembershipChangeException(
            $"Refusing to {what}: {bad.Count} member(s) unhealthy — {string.Join("; ", bad.Select(b => $"{b.Member.Id} ({Display(b.Member)}): {b.Error}"))}. " +
            "Change one member at a time on a healthy cluster: bring the member back, or replace/remove the dead one first.", health);
    }

    public static void RefuseQuorumLoss(IReadOnlyList<EtcdMemberHealth> survivors, IReadOnlyList<EtcdMember> members, EtcdMember target, string what)
    {
        if (members.Count == 1)
            throw new UnsafeMembershipChangeException($"Refusing to {what}: it is the only member; the cluster would be gone. Restore from a snapshot instead.", survivors);
        var voters = members.Count(m => !m.IsLearner);
        var healthyVoters = survivors.Count(s => s.Healthy && !s.Member.IsLearner);
        var remaining = target.IsLearner ? voters : voters - 1;
        // The target is presumed dead and is never contacted, so the change must commit on the others' votes alone.
        var needed = Math.Max(Quorum(voters), Quorum(remaining));
        if (target.IsLearner || healthyVoters >= needed) return;
        throw new UnsafeMembershipChangeException(
            $"Refusing to {what}: only {healthyVoters} of the other {voters - 1} voting member(s) are healthy, but committing the removal of one of {voters} voters " +
            $"without it takes {Quorum(voters)} and the {remaining} left need {Quorum(remaining)}. The cluster has lost quorum: bring members back, " +
            "or restore a snapshot into a new cluster (etcdutl snapshot restore / --force-new-cluster).", survivors);
    }

    public static void RefuseEven(IReadOnlyList<EtcdMemberHealth> health, int votersAfter, string what, EtcdMembershipOptions options)
    {
        if (options.AllowEvenMemberCount || votersAfter % 2 == 1 || votersAfter == 0) return;
        throw new UnsafeMembershipChangeException(
            $"Refusing to {what}: it would leave {votersAfter} voting members. An even count tolerates no more failures than {votersAfter - 1} " +
            $"and needs a larger quorum ({Quorum(votersAfter)}). Add or remove members in pairs, add as a learner, or set EtcdMembershipOptions.AllowEvenMemberCount.",
            health);
    }

    public static void RefuseDuplicate(IReadOnlyList<EtcdMemberHealth> health, string? name, IReadOnlyList<Uri> peerUrls, EtcdMemberId? ignoreId)
    {
        foreach (var h in health)
        {
            var m = h.Member;
            if (m.Id == ignoreId) continue;
            if (name is not null && m.Name == name)
                throw new UnsafeMembershipChangeException(
                    $"Refusing: member {m.Id} is already named '{name}'. Replace it (EtcdMembership.BeginReplacementAsync) or pick another name.", health);
            foreach (var u in peerUrls)
            {
                if (m.PeerUrls.Any(p => EtcdUrls.SameAddress(p, u)))
                    throw new UnsafeMembershipChangeException(
                        $"Refusing: peer URL {EtcdUrls.Render(u)} already belongs to member {m.Id} ({Display(m)}). Remove or replace that member first (its data dir must then be wiped).", health);
            }
        }
    }

    public static IReadOnlyList<Uri> ClientUrls(IReadOnlyList<EtcdMemberHealth> members) =>
        [.. members.Where(h => h.Healthy).SelectMany(h => h.Member.ClientUrls)];

    /// <summary>etcd answers these for a few seconds after a member (re)connects: retry with a bound.</summary>
    public static bool IsTransientUnhealthy(EtcdException ex) =>
        ex.EtcdMessage.Contains("unhealthy cluster", StringComparison.Ordinal)
        || ex.EtcdMessage.Contains("not enough started members", StringComparison.Ordinal)
        || ex.EtcdMessage.Contains("leader changed", StringComparison.Ordinal);

    /// <summary>
    /// True when etcd did not say whether a membership change was applied: it timed out ("etcdserver: request timed out",
    /// a deadline) or the connection went away before the answer (Unavailable, Unknown, Aborted).
    /// </summary>
    public static bool IsUnconfirmed(EtcdException ex) =>
        ex.Code is EtcdStatusCode.Unavailable or EtcdStatusCode.DeadlineExceeded or EtcdStatusCode.Unknown or EtcdStatusCode.Aborted
        || ex.EtcdMessage.Contains("timed out", StringComparison.Ordinal);

    /// <summary>Builds --initial-cluster exactly as etcdctl member add prints it (member order, every peer URL).</summary>
    public static EtcdJoinInstructions JoinInstructions(EtcdMember added, IReadOnlyList<EtcdMember> members, string name, IReadOnlyList<Uri> peerUrls)
    {
        var parts = new List<string>();
        foreach (var m in members)
        {
            var n = m.Id == added.Id ? name : m.Name;
            if (n.Length == 0)
                throw new EtcdException(EtcdStatusCode.FailedPrecondition, "",
                    $"Member {m.Id} ({string.Join(",", m.PeerUrls)}) is unstarted, so the new member's --initial-cluster cannot name it; start or remove it first.");
            parts.AddRange(m.PeerUrls.Select(u => $"{n}={EtcdUrls.Render(u)}"));
        }
        return new EtcdJoinInstructions
        {
            MemberId = added.Id,
            Name = name,
            InitialAdvertisePeerUrls = string.Join(",", peerUrls.Select(EtcdUrls.Render)),
            InitialCluster = string.Join(",", parts),
            IsLearner = added.IsLearner,
        };
    }

    private static string Display(EtcdMember m) => m.Name.Length > 0 ? m.Name : "unstarted " + string.Join(",", m.PeerUrls.Select(EtcdUrls.Render));
}
