using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Operations;

/// <summary>
/// Node-operation plans that need no etcd: the refusals that follow from the spec alone (nothing is contacted), and
/// which hosts a worker's add or removal touches.
/// </summary>
public sealed class NodeOperationPlanTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private NodeOperationOptions Options => new() { PkiDirectory = _dir.Combine("pki") };

    private (ClusterNodeOperations Ops, RecordingConnectionFactory Connections) Ops()
    {
        var c = new RecordingConnectionFactory(_dir.Combine("hosts"));
        return (new ClusterNodeOperations(c), c);
    }

    [Fact]
    public async Task Removing_the_only_control_plane_and_etcd_member_is_refused_without_contacting_anything()
    {
        var (ops, connections) = Ops();
        var plan = await ops.PlanRemoveAsync(SampleSpecs.Twenty(), "master", Options);
        Assert.False(plan.IsSafe);
        Assert.Contains(plan.Refusals, r => r.Contains("last control-plane node", StringComparison.Ordinal));
        Assert.Contains(plan.Refusals, r => r.Contains("last etcd member", StringComparison.Ordinal));
        var ex = await Assert.ThrowsAsync<UnsafeNodeOperationException>(() => ops.RemoveAsync(SampleSpecs.Twenty(), "master", Options));
        Assert.Contains("nothing was changed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, connections.Opened);
    }

    [Fact]
    public async Task Removing_a_worker_touches_only_that_worker_with_flannel_and_every_worker_with_static_routes()
    {
        var (ops, connections) = Ops();
        var plan = await ops.PlanRemoveAsync(SampleSpecs.Twenty(), "node-1", Options);
        Assert.True(plan.IsSafe, plan.ToString());
        Assert.Equal(["node-1"], plan.Hosts);
        Assert.Equal(["master", "node-2"], plan.Spec.Nodes.Select(n => n.Name));

        var routes = await ops.PlanRemoveAsync(ClusterBuilder.From(SampleSpecs.Twenty()).UseStaticRoutes().Build(), "node-1", Options);
        Assert.Equal(["node-1", "node-2"], routes.Hosts);
        Assert.Equal(0, connections.Opened);
    }

    [Fact]
    public async Task Adding_a_worker_touches_only_the_new_host()
    {
        var (ops, connections) = Ops();
        var spec = SampleSpecs.Twenty();
        var node3 = ClusterBuilder.From(spec).AddWorker("node-3", "10.0.0.13").Build().Nodes[^1];
        var plan = await ops.PlanAddAsync(spec, node3, Options);
        Assert.True(plan.IsSafe, plan.ToString());
        Assert.Equal(["node-3"], plan.Hosts);
        Assert.Equal(node3.Ssh, spec.Nodes[0].Ssh);
        Assert.Equal(0, connections.Opened);
    }

    [Fact]
    public async Task A_duplicate_name_or_address_and_replacing_a_worker_are_refused()
    {
        var (ops, _) = Ops();
        var spec = SampleSpecs.Twenty();
        var dup = await ops.PlanAddAsync(spec, spec.Nodes[1] with { Name = "node-9" }, Options);
        Assert.Contains(dup.Refusals, r => r.Contains("10.0.0.11", StringComparison.Ordinal));
        var worker = await ops.PlanReplaceAsync(spec, "node-1", null, Options);
        Assert.Contains(worker.Refusals, r => r.Contains("is a worker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_the_grown_spec_would_reject_is_refused_with_its_field_before_anything_is_contacted()
    {
        var (ops, connections) = Ops();
        var spec = SampleSpecs.Ha();
        // Found by a new user: `node add ../../etc 192.0.2.77 --plan` and `node add n9 not-an-ip --plan` printed plans.
        var badName = await ops.PlanAddAsync(spec, spec.WorkerNodes.First() with { Name = "../../etc", Addresses = ["10.0.1.77"] }, Options);
        Assert.False(badName.IsSafe);
        Assert.Contains(badName.Refusals, r => r.StartsWith("nodes[", StringComparison.Ordinal) && r.Contains(".name", StringComparison.Ordinal) && r.Contains("Fix:", StringComparison.Ordinal));
        var badAddress = await ops.PlanAddAsync(spec, spec.Nodes[0] with { Name = "cp-9", Addresses = ["not-an-ip"] }, Options);
        Assert.Contains(badAddress.Refusals, r => r.Contains("not-an-ip", StringComparison.Ordinal));
        // `node replace cp-2 --address <cp-1's address>`: a duplicate address is refused before the replacement is dialled.
        var dup = await ops.PlanReplaceAsync(spec, "cp-2", spec.Nodes[1] with { Addresses = [spec.Nodes[0].Address] }, Options);
        Assert.False(dup.IsSafe);
        Assert.Contains(dup.Refusals, r => r.Contains(spec.Nodes[0].Address, StringComparison.Ordinal));
        Assert.Equal(0, connections.Opened);
    }
}
