using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Inventory;
using K8sBare.Cluster.Operations;
using K8sBare.Units;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary>
/// <c>k8sbare upgrade --to-inventory NEW.yaml [--plan]</c>: the cluster upgrade through <see cref="ClusterUpgrade"/>
/// (checks first, then etcd members, control-plane nodes and workers drained one at a time); and
/// <c>k8sbare upgrade-plan --to 1.33</c>: the skew-checked order of a Kubernetes minor upgrade (plan only).
/// </summary>
internal static class UpgradeCommand
{
    public static Command Create() => Plan();

    /// <summary><c>upgrade</c>: plan, then run unless <c>--plan</c>. Refused: exit 2, nothing changed.</summary>
    public static Command Run()
    {
        var topology = new TopologyOptions();
        var ssh = new SshOptions();
        var to = new Option<FileInfo>("--to-inventory") { Description = "The same cluster's inventory with the new versions and binaries (the current one is --inventory).", Required = true };
        var planOption = new Option<bool>("--plan") { Description = "Print the plan (checks, observed versions, each node's changes) and stop; reads only." };
        var command = new Command("upgrade", "Upgrade the cluster to the target inventory: version checks first, then etcd members, control-plane nodes, and workers cordoned, drained, upgraded and uncordoned one at a time.");
        topology.AddTo(command);
        ssh.AddTo(command);
        command.Options.Add(to);
        command.Options.Add(planOption);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var current = topology.Load(result);
            var target = InventoryLoader.Load(result.GetValue(to)!.FullName);
            var store = topology.PkiDirectory(result);
            var planOnly = result.GetValue(planOption);
            // --plan reads only: it plans against a private copy of the store. The spec checks come first and need no
            // CA; reaching the cluster's API does (the running cluster's CA, never a new one).
            using var pki = planOnly ? ReadOnlyPki.Open(store, caRequired: false) : null;
            var upgrade = new ClusterUpgrade(ssh.Factory(result));
            var options = new ClusterUpgradeOptions
            {
                Apply = new ApplyOptions { PkiDirectory = pki?.Directory ?? store },
                Progress = new Progress<UpgradeEvent>(e => AnsiConsole.WriteLine(e.ToString())),
            };
            ClusterUpgradePlan plan;
            try
            {
                plan = await upgrade.PlanAsync(current, target, options, ct);
            }
            catch (DirectoryNotFoundException) when (!ReadOnlyPki.HasClusterCa(store))
            {
                throw ReadOnlyPki.Missing(store);
            }

            AnsiConsole.WriteLine(plan.ToString());
            if (!plan.IsSafe)
            {
                AnsiConsole.MarkupLine("[red]Refused; nothing was changed.[/]");
                return ExitCodes.Refused;
            }

            if (planOnly) return ExitCodes.Ok;
            var done = await upgrade.UpgradeAsync(current, target, options, ct);
            foreach (var n in done.Nodes) AnsiConsole.MarkupLine($"  {Markup.Escape(n.ToString())}");
            AnsiConsole.MarkupLine($"[bold]Upgraded[/] in {done.Duration.TotalSeconds:0.0} s. Make the target inventory the current one.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Plan()
    {
        var topology = new TopologyOptions();
        var to = new Option<string>("--to") { Description = "The target Kubernetes minor version (one step up from the topology's).", Required = true };
        var command = new Command("upgrade-plan", "Check the version skew policy and print the upgrade order: every kube-apiserver, then controller-manager and scheduler, then workers drained one at a time.");
        topology.AddTo(command);
        command.Options.Add(to);
        command.SetAction(CommandAction.Sync(result =>
        {
            KubernetesVersion target;
            try
            {
                target = KubernetesVersion.Parse(result.GetValue(to)!);
            }
            catch (UnitsException)
            {
                throw new RefusedException($"--to '{result.GetValue(to)}' is not a Kubernetes version. Fix: write it as 1.33 or v1.33.1.");
            }

            // The plan says "nothing to upgrade" itself when --to is the running minor (no steps).
            AnsiConsole.WriteLine(UpgradePlanner.Plan(topology.Load(result), target).ToString());
            return ExitCodes.Ok;
        }));
        return command;
    }
}
