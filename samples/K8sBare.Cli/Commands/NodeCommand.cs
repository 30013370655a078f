using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Validation;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary>
/// <c>k8sbare node add|remove|replace</c>: day-2 node membership through <see cref="ClusterNodeOperations"/>. Each verb
/// prints its plan first; <c>--plan</c> stops there. Unsafe requests are refused with nothing changed (<see cref="ExitCodes.Refused"/>).
/// </summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var node = new Command("node", "Add, remove or replace a node of a running cluster (each planned before it runs).");
        node.Subcommands.Add(Add());
        node.Subcommands.Add(Remove());
        node.Subcommands.Add(Replace());
        return node;
    }

    private sealed class Common
    {
        public TopologyOptions Topology { get; } = new(ValidationOptions.ForApply);

        public SshOptions Ssh { get; } = new();

        public Option<bool> PlanOnly { get; } = new("--plan") { Description = "Print the plan and stop (reads only)." };

        public Option<bool> AllowEven { get; } = new("--allow-even") { Description = "Consent to an even number of voting etcd members." };

        public void AddTo(Command c)
        {
            Topology.AddTo(c);
            Ssh.AddTo(c);
            c.Options.Add(PlanOnly);
            c.Options.Add(AllowEven);
        }

        public NodeOperationOptions Options(ParseResult r, IProgress<ApplyEvent>? progress = null) => new()
        {
            PkiDirectory = Topology.PkiDirectory(r),
            AllowEvenMemberCount = r.GetValue(AllowEven),
            Progress = progress,
        };
    }

    private static Command Add()
    {
        var common = new Common();
        var name = new Argument<string>("name") { Description = "The new node's name." };
        var address = new Argument<string>("address") { Description = "The new node's cluster IP." };
        var role = new Option<string>("--role") { Description = "worker, control-plane (with etcd) or etcd.", DefaultValueFactory = _ => "worker" };
        var openrc = new Option<bool>("--openrc") { Description = "The host runs OpenRC (default: systemd)." };
        var c = new Command("add", "Add a node: a worker touches only the new host (plus routes in static-routes mode); an etcd node joins as a learner and is promoted.");
        common.AddTo(c);
        c.Arguments.Add(name);
        c.Arguments.Add(address);
        c.Options.Add(role);
        c.Options.Add(openrc);
        c.SetAction((r, ct) => RunAsync(common, r, ct, async (ops, spec, o) =>
        {
            var roles = r.GetValue(role) switch
            {
                "worker" => NodeRoles.Worker,
                "control-plane" => NodeRoles.ControlPlane | NodeRoles.Etcd,
                "etcd" => NodeRoles.Etcd,
                var other => throw new ArgumentException($"--role '{other}': use worker, control-plane or etcd."),
            };
            var after = ClusterBuilder.From(spec).AddNode(r.GetValue(name)!, r.GetValue(address)!, roles, n => { if (r.GetValue(openrc)) n.UseOpenRc(); }).Build();
            var added = after.Nodes[^1];
            return (await ops.PlanAddAsync(spec, added, o, ct), () => ops.AddAsync(spec, added, o, ct));
        }));
        return c;
    }

    private static Command Remove()
    {
        var common = new Common();
        var name = new Argument<string>("name") { Description = "The node to remove." };
        var c = new Command("remove", "Remove a node: cordon and drain when the API answers, delete its Node object and etcd member (quorum checked), stop and clean the host when reachable.");
        common.AddTo(c);
        c.Arguments.Add(name);
        c.SetAction((r, ct) => RunAsync(common, r, ct, async (ops, spec, o) =>
            (await ops.PlanRemoveAsync(spec, r.GetValue(name)!, o, ct), () => ops.RemoveAsync(spec, r.GetValue(name)!, o, ct))));
        return c;
    }

    private static Command Replace()
    {
        var common = new Common();
        var name = new Argument<string>("name") { Description = "The dead control-plane/etcd node." };
        var address = new Option<string?>("--address") { Description = "The replacement's address (default: the same address)." };
        var c = new Command("replace", "Replace a dead control-plane node: its etcd member removed by ID without contacting it, the replacement joined afresh as a learner and promoted.");
        common.AddTo(c);
        c.Arguments.Add(name);
        c.Options.Add(address);
        c.SetAction((r, ct) => RunAsync(common, r, ct, async (ops, spec, o) =>
        {
            var dead = spec.Nodes.FirstOrDefault(n => n.Name == r.GetValue(name)) ?? throw new ArgumentException($"No node named '{r.GetValue(name)}' in the spec.");
            var fresh = r.GetValue(address) is { } a ? dead with { Addresses = [a] } : null;
            return (await ops.PlanReplaceAsync(spec, dead.Name, fresh, o, ct), () => ops.ReplaceAsync(spec, dead.Name, fresh, o, ct));
        }));
        return c;
    }

    private static async Task<int> RunAsync(Common common, ParseResult r, CancellationToken ct,
        Func<ClusterNodeOperations, ClusterSpec, NodeOperationOptions, Task<(NodeOperationPlan Plan, Func<Task<NodeOperationResult>> Run)>> prepare)
    {
        try
        {
            var spec = common.Topology.Load(r);
            var ops = new ClusterNodeOperations(common.Ssh.Factory(r));
            var planOnly = r.GetValue(common.PlanOnly);
            // --plan reads only: it plans against a private copy of the store (which must hold the running cluster's CA).
            // Without --plan the store is used as it is, and must hold that CA too (a new CA would not match the cluster).
            if (!planOnly && !ReadOnlyPki.HasClusterCa(common.Topology.PkiDirectory(r))) throw ReadOnlyPki.Missing(common.Topology.PkiDirectory(r));
            using var pki = planOnly ? ReadOnlyPki.Open(common.Topology.PkiDirectory(r), caRequired: true) : null;
            var options = common.Options(r);
            if (pki is not null) options = options with { PkiDirectory = pki.Directory };
            var (plan, run) = await prepare(ops, spec, options);
            AnsiConsole.WriteLine(plan.ToString());
            if (!plan.IsSafe)
            {
                AnsiConsole.MarkupLine("[red]Refused; nothing was changed.[/]");
                return ExitCodes.Refused;
            }

            if (planOnly) return ExitCodes.Ok;
            var result = await run();
            foreach (var o in result.Outcomes) AnsiConsole.MarkupLine($"  {Markup.Escape(o)}");
            if (result.Apply is { } apply) ResultView.Apply(apply, "Applied");
            AnsiConsole.MarkupLine($"[bold]Done[/] in {result.Duration.TotalSeconds:0.0} s{(result.EtcdDuration is { } e ? $" (etcd part {e.TotalSeconds:0.0} s)" : "")}. " +
                "Update the inventory to match: the cluster now has " + string.Join(", ", result.Plan.Spec.Nodes.Select(n => n.Name)) + ".");
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            return ResultView.Error(ex);
        }
    }
}
