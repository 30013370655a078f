namespace K8sBare.Etcd.Tests.Unit;

/// <summary>The pure safety rules and the --initial-cluster rendering.</summary>
public sealed class MembershipRulesTests
{
    private static EtcdMember M(ulong id, string name, int port, bool learner = false) => new()
    {
        Id = new EtcdMemberId(id), Name = name, PeerUrls = [new Uri($"https://10.0.1.{id}:{port}")],
        ClientUrls = name.Length > 0 ? [new Uri($"https://10.0.1.{id}:2379")] : [], IsLearner = learner,
    };

    private static EtcdMemberHealth H(EtcdMember m, bool ok) => new() { Member = m, Healthy = ok, Error = ok ? null : "down" };

    [Fact]
    public void Initial_cluster_lists_every_member_with_the_new_name_in_etcd_order()
    {
        var added = M(13, "", 2380, learner: true);
        IReadOnlyList<EtcdMember> members = [M(10, "infra0", 2380), added, M(11, "infra1", 2380)];
        var j = EtcdMembershipRules.JoinInstructions(added, members, "infra3", [new Uri("https://10.0.1.13:2380/")]);
        Assert.Equal("infra0=https://10.0.1.10:2380,infra3=https://10.0.1.13:2380,infra1=https://10.0.1.11:2380", j.InitialCluster);
        Assert.Equal("https://10.0.1.13:2380", j.InitialAdvertisePeerUrls);
        Assert.Equal("existing", j.InitialClusterState);
        Assert.True(j.IsLearner);
        Assert.Equal(["--name=infra3", "--initial-advertise-peer-urls=https://10.0.1.13:2380",
            "--initial-cluster=infra0=https://10.0.1.10:2380,infra3=https://10.0.1.13:2380,infra1=https://10.0.1.11:2380",
            "--initial-cluster-state=existing"], j.Flags);
        Assert.Equal(["ETCD_INITIAL_ADVERTISE_PEER_URLS", "ETCD_INITIAL_CLUSTER", "ETCD_INITIAL_CLUSTER_STATE", "ETCD_NAME"], j.Environment.Keys);
    }

    [Fact]
    public void An_unstarted_other_member_cannot_be_named_so_the_join_is_refused()
    {
        var added = M(13, "", 2380);
        var ex = Assert.Throws<EtcdException>(() =>
            EtcdMembershipRules.JoinInstructions(added, [M(10, "infra0", 2380), M(12, "", 2380), added], "infra3", added.PeerUrls));
        Assert.Contains("unstarted", ex.Message);
    }

    [Theory]
    [InlineData(3, 2, true)]   // one of three dead: two survivors commit and keep quorum
    [InlineData(3, 1, false)]  // two of three dead: quorum lost
    [InlineData(2, 1, false)]  // the classic trap: a dead member of two cannot be removed
    [InlineData(5, 3, true)]
    [InlineData(5, 2, false)]
    public void Removal_needs_a_quorum_of_healthy_survivors(int voters, int healthySurvivors, bool allowed)
    {
        var members = Enumerable.Range(1, voters).Select(i => M((ulong)i, "m" + i, 2380)).ToList();
        var target = members[0];
        var survivors = members.Skip(1).Select((m, i) => H(m, i < healthySurvivors)).ToList();
        var act = () => EtcdMembershipRules.RefuseQuorumLoss(survivors, members, target, "remove m1");
        if (allowed) act();
        else Assert.Contains("quorum", Assert.Throws<UnsafeMembershipChangeException>(act).Message);
    }

    [Fact]
    public void Removing_a_learner_never_costs_quorum()
    {
        var members = new List<EtcdMember> { M(1, "m1", 2380), M(2, "m2", 2380, learner: true) };
        EtcdMembershipRules.RefuseQuorumLoss([H(members[0], true)], members, members[1], "remove learner");
    }

    [Theory]
    [InlineData(2, false, true)]
    [InlineData(4, false, true)]
    [InlineData(3, false, false)]
    [InlineData(4, true, false)]
    public void Even_voter_counts_need_consent(int votersAfter, bool consent, bool refused)
    {
        var act = () => EtcdMembershipRules.RefuseEven([], votersAfter, "change", new EtcdMembershipOptions { AllowEvenMemberCount = consent });
        if (refused) Assert.Contains("AllowEvenMemberCount", Assert.Throws<UnsafeMembershipChangeException>(act).Message);
        else act();
    }

    [Fact]
    public void Resolve_finds_by_name_or_hex_id()
    {
        var ms = new List<EtcdMember> { M(0xab, "infra0", 2380), M(0xcd, "infra1", 2380) };
        Assert.Equal(new EtcdMemberId(0xcd), EtcdMembershipRules.Resolve(ms, "infra1").Id);
        Assert.Equal(new EtcdMemberId(0xab), EtcdMembershipRules.Resolve(ms, "ab").Id);
        Assert.Equal(EtcdStatusCode.NotFound, Assert.Throws<EtcdException>(() => EtcdMembershipRules.Resolve(ms, "infra9")).Code);
    }

    [Fact]
    public void A_peer_url_in_use_is_refused()
    {
        var m = M(10, "infra0", 2380);
        Assert.Throws<UnsafeMembershipChangeException>(() =>
            EtcdMembershipRules.RefuseDuplicate([H(m, true)], "new", [new Uri("https://10.0.1.10:2380/")], null));
        EtcdMembershipRules.RefuseDuplicate([H(m, true)], "new", [new Uri("https://10.0.1.10:2380")], ignoreId: new EtcdMemberId(10));
    }
}
