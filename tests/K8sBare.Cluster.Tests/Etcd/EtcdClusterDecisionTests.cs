using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Rendering;
using K8sBare.Etcd;
using K8sBare.Testing;
using EtcdMember = K8sBare.Etcd.EtcdMember;

namespace K8sBare.Cluster.Tests.Etcd;

/// <summary>
/// The split-brain kind (issue 12): a day-2 spec change must never be rendered as a day-1 bootstrap. The decision is
/// pure — the hosts' member list, leader and data dirs in, the start of each member out — so every case is checked here;
/// the test bed's growth test runs the same path against real etcd.
/// </summary>
public sealed class EtcdClusterDecisionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClusterSpec Day1() => ClusterBuilder.Create("grow")
        .AddControlPlane("cp-1", "192.0.2.10").AddWorker("node-1", "192.0.2.11").Build();

    private static ClusterSpec Day2() => ClusterBuilder.From(Day1())
        .AddControlPlane("cp-2", "192.0.2.12").AddControlPlane("cp-3", "192.0.2.13").Build();

    private static List<NodeSpec> EtcdOf(ClusterSpec spec) => spec.EtcdNodes.ToList();

    private static EtcdMember Started(ulong id, string name, string ip, bool learner = false) => new()
    {
        Id = new EtcdMemberId(id), Name = name, PeerUrls = [new Uri($"https://{ip}:2380")], ClientUrls = [new Uri($"https://{ip}:2379")], IsLearner = learner,
    };

    private static EtcdMember Unstarted(ulong id, string ip, bool learner = true) => new()
    {
        Id = new EtcdMemberId(id), PeerUrls = [new Uri($"https://{ip}:2380")], IsLearner = learner,
    };

    private static EtcdClusterObservation Seen(IReadOnlyList<EtcdMember>? members, bool leader = true, ulong raftIndex = 100, string[]? data = null, string[]? checkedNodes = null) => new()
    {
        Members = members,
        HasLeader = leader,
        MaxRaftIndex = raftIndex,
        NodesWithData = (data ?? []).ToHashSet(StringComparer.Ordinal),
        NodesChecked = (checkedNodes ?? ["cp-1", "cp-2", "cp-3"]).ToHashSet(StringComparer.Ordinal),
        Endpoints = ["https://192.0.2.10:2379"],
        Error = members is null ? "connection refused" : null,
    };

    [Fact]
    public void The_reported_example_joins_cp2_then_cp3_as_learners_with_the_exact_lists_and_never_bootstraps()
    {
        var outcome = EtcdClusterDecision.Decide(EtcdOf(Day2()), Seen([Started(0xa1, "cp-1", "192.0.2.10")], data: ["cp-1"]));
        Assert.Empty(outcome.Problems);
        var plan = Assert.IsType<EtcdStartPlan>(outcome.Plan);
        Assert.Equal(["cp-2", "cp-3"], plan.JoinOrder);
        Assert.Equal(EtcdNodeRole.Member, plan.Nodes["cp-1"].Role);
        Assert.Equal(["cp-1=https://192.0.2.10:2380"], plan.Nodes["cp-1"].InitialCluster.Select(p => p.ToString()));
        Assert.Equal(EtcdNodeRole.Join, plan.Nodes["cp-2"].Role);
        Assert.Equal(["cp-1=https://192.0.2.10:2380", "cp-2=https://192.0.2.12:2380"], plan.Nodes["cp-2"].InitialCluster.Select(p => p.ToString()));
        Assert.Equal(["cp-1=https://192.0.2.10:2380", "cp-2=https://192.0.2.12:2380", "cp-3=https://192.0.2.13:2380"], plan.Nodes["cp-3"].InitialCluster.Select(p => p.ToString()));
    }

    [Fact]
    public async Task The_reported_example_renders_existing_and_the_exact_list_for_cp2_and_offline_rendering_stays_day1()
    {
        var spec = Day2();
        var plan = EtcdClusterDecision.Decide(EtcdOf(spec), Seen([Started(0xa1, "cp-1", "192.0.2.10")], data: ["cp-1"])).Plan!;
        var online = await ClusterRenderer.RenderAsync(spec, _dir.Combine("pki"), new RenderOptions { Etcd = plan });
        string Unit(Artifacts.ClusterArtifacts a, string host) => a[host].Files.Single(f => f.Path == "/etc/systemd/system/etcd.service").Content;

        var cp2 = Unit(online, "cp-2");
        Assert.Contains("--initial-cluster-state=existing", cp2, StringComparison.Ordinal);
        Assert.Contains("--initial-cluster=cp-1=https://192.0.2.10:2380,cp-2=https://192.0.2.12:2380", cp2, StringComparison.Ordinal);
        Assert.DoesNotContain("cp-3=", cp2, StringComparison.Ordinal);
        foreach (var host in new[] { "cp-1", "cp-2", "cp-3" })
            Assert.DoesNotContain("--initial-cluster-state=new", Unit(online, host), StringComparison.Ordinal);

        // Render-to-folder (no hosts to ask) keeps the day-1 output.
        var offline = await ClusterRenderer.RenderAsync(spec, _dir.Combine("pki"));
        Assert.Contains("--initial-cluster-state=new", Unit(offline, "cp-2"), StringComparison.Ordinal);
        Assert.Contains("--initial-cluster=cp-1=https://192.0.2.10:2380,cp-2=https://192.0.2.12:2380,cp-3=https://192.0.2.13:2380", Unit(offline, "cp-2"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_cluster_and_no_data_bootstraps_with_day1_flags()
    {
        var outcome = EtcdClusterDecision.Decide(EtcdOf(Day2()), Seen(null));
        Assert.Empty(outcome.Problems);
        Assert.Null(outcome.Plan);
    }

    [Fact]
    public void Data_on_a_host_with_no_member_answering_is_refused_naming_the_host_and_the_fix()
    {
        var outcome = EtcdClusterDecision.Decide(EtcdOf(Day2()), Seen(null, data: ["cp-1"]));
        Assert.Null(outcome.Plan);
        var why = Assert.Single(outcome.Problems);
        Assert.Contains("etcd data exists on cp-1", why, StringComparison.Ordinal);
        Assert.Contains("not on cp-2, cp-3", why, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", why, StringComparison.Ordinal);
        Assert.Contains("Fix:", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_member_holding_data_with_none_answering_starts_each_as_the_member_its_data_says_never_new()
    {
        var outcome = EtcdClusterDecision.Decide(EtcdOf(Day2()), Seen(null, data: ["cp-1", "cp-2", "cp-3"]));
        Assert.Empty(outcome.Problems);
        var plan = outcome.Plan!;
        Assert.Empty(plan.JoinOrder);
        Assert.All(plan.Nodes, n => Assert.Equal((EtcdNodeRole.Member, 1), (n.Value.Role, n.Value.InitialCluster.Count)));
    }

    [Fact]
    public void Etcd_hosts_not_checked_with_no_member_answering_is_refused()
    {
        var outcome = EtcdClusterDecision.Decide(EtcdOf(Day2()), Seen(null, checkedNodes: ["cp-2", "cp-3"]));
        Assert.Contains("cp-1", Assert.Single(outcome.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bootstrap_still_waiting_for_its_peers_continues_as_a_bootstrap()
    {
        var spec = Day2();
        var members = spec.EtcdNodes.Select((n, i) => i == 0 ? Started(0xa1, n.Name, n.Address) : new EtcdMember { Id = new EtcdMemberId((ulong)(0xa1 + i)), Name = n.Name, PeerUrls = [new Uri($"https://{n.Address}:2380")] }).ToList();
        var outcome = EtcdClusterDecision.Decide(EtcdOf(spec), Seen(members, leader: false, raftIndex: 3, data: ["cp-1"]));
        Assert.Empty(outcome.Problems);
        Assert.Null(outcome.Plan);
    }

    [Fact]
    public void A_cluster_without_a_leader_that_once_had_one_is_refused()
    {
        var spec = Day2();
        var members = spec.EtcdNodes.Select((n, i) => Started((ulong)(0xa1 + i), n.Name, n.Address)).ToList();
        var outcome = EtcdClusterDecision.Decide(EtcdOf(spec), Seen(members, leader: false, raftIndex: 42, data: ["cp-1", "cp-2", "cp-3"]));
        Assert.Null(outcome.Plan);
        Assert.Contains("no member has a leader", Assert.Single(outcome.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_joining_host_with_stale_data_is_refused()
    {
        var outcome = EtcdClusterDecision.Decide(EtcdOf(Day2()), Seen([Started(0xa1, "cp-1", "192.0.2.10")], data: ["cp-1", "cp-3"]));
        Assert.Null(outcome.Plan);
        var why = Assert.Single(outcome.Problems);
        Assert.Contains("'cp-3' is not a member", why, StringComparison.Ordinal);
        Assert.Contains("remove /var/lib/etcd on 'cp-3'", why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_started_member_whose_host_lost_its_data_is_refused()
    {
        var members = new[] { Started(0xa1, "cp-1", "192.0.2.10"), Started(0xa2, "cp-2", "192.0.2.12"), Started(0xa3, "cp-3", "192.0.2.13") };
        var outcome = EtcdClusterDecision.Decide(EtcdOf(Day2()), Seen(members, data: ["cp-1", "cp-3"]));
        Assert.Contains("lost its data", Assert.Single(outcome.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_member_missing_from_the_spec_is_refused_an_apply_never_removes_members()
    {
        var members = new[] { Started(0xa1, "cp-1", "192.0.2.10"), Started(0xa9, "old", "192.0.2.99") };
        var outcome = EtcdClusterDecision.Decide(EtcdOf(Day1()), Seen(members, data: ["cp-1"], checkedNodes: ["cp-1"]));
        Assert.Contains("not in the spec", Assert.Single(outcome.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_interrupted_join_resumes_the_added_member_with_the_live_list_before_adding_the_next()
    {
        var members = new[] { Started(0xa1, "cp-1", "192.0.2.10"), Unstarted(0xa2, "192.0.2.12") };
        var outcome = EtcdClusterDecision.Decide(EtcdOf(Day2()), Seen(members, data: ["cp-1"]));
        Assert.Empty(outcome.Problems);
        var plan = outcome.Plan!;
        Assert.Equal(["cp-2", "cp-3"], plan.JoinOrder);
        Assert.Equal(EtcdNodeRole.Listed, plan.Nodes["cp-2"].Role);
        Assert.Equal(["cp-1=https://192.0.2.10:2380", "cp-2=https://192.0.2.12:2380"], plan.Nodes["cp-2"].InitialCluster.Select(p => p.ToString()));
        Assert.Equal(EtcdNodeRole.Join, plan.Nodes["cp-3"].Role);
        Assert.Equal(3, plan.Nodes["cp-3"].InitialCluster.Count);
    }

    [Fact]
    public void Established_members_keep_existing_and_only_themselves_so_the_next_change_does_not_touch_them()
    {
        var members = new[] { Started(0xa1, "cp-1", "192.0.2.10"), Started(0xa2, "cp-2", "192.0.2.12"), Started(0xa3, "cp-3", "192.0.2.13") };
        var plan = EtcdClusterDecision.Decide(EtcdOf(Day2()), Seen(members, data: ["cp-1", "cp-2", "cp-3"])).Plan!;
        Assert.Empty(plan.JoinOrder);
        Assert.All(plan.Nodes, n => Assert.Equal(EtcdNodeRole.Member, n.Value.Role));
        Assert.Equal(EtcdStartPlan.Settled(Day2().EtcdNodes).Nodes.Select(n => (n.Key, n.Value.InitialCluster.Single().ToString())).Order(),
            plan.Nodes.Select(n => (n.Key, n.Value.InitialCluster.Single().ToString())).Order());
    }
}
