using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster.Operations;
using K8sBare.Units;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare upgrade-plan --to 1.33</c>: the skew-checked order of a Kubernetes upgrade (plan only).</summary>
internal static class UpgradeCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions();
        var to = new Option<string>("--to") { Description = "The target Kubernetes minor version (one step up from the topology's).", Required = true };
        var command = new Command("upgrade-plan", "Check the version skew policy and print the upgrade order: every kube-apiserver, then controller-manager and scheduler, then workers drained one at a time.");
        topology.AddTo(command);
        command.Options.Add(to);
        command.SetAction(CommandAction.Sync(result =>
        {
            AnsiConsole.WriteLine(UpgradePlanner.Plan(topology.Load(result), KubernetesVersion.Parse(result.GetValue(to)!)).ToString());
            return 0;
        }));
        return command;
    }
}
