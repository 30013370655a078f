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
