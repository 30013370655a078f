using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster;
using K8sBare.Cluster.Inventory;
using K8sBare.Cluster.Validation;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare validate</c>: every problem of the topology at once.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions();
        var forRender = new Option<bool>("--render-only") { Description = "Validate without hosts: skip the checks only applying needs (SSH keys, local binaries on this machine)." };
        var command = new Command("validate", "Check the topology and list every error and warning, each with its field and fix.");
        topology.AddTo(command);
        command.Options.Add(forRender);
        command.SetAction(CommandAction.Sync(result =>
        {
            var renderOnly = result.GetValue(forRender);
            var options = renderOnly ? ValidationOptions.ForRender : ValidationOptions.ForApply;
            ClusterSpec spec;
            try
            {
                // Every problem at once: YAML shape, words, paths and the spec's semantics.
                spec = topology.Load(result, options);
            }
            catch (ClusterException ex) when (ex is InventoryException or ClusterValidationException)
            {
                var code = ResultView.Error(ex);
                // Errors only applying has (SSH keys, local binaries on this machine) are no reason to stop a check without hosts.
                if (!renderOnly && LoadsForRender(topology, result))
                    AnsiConsole.MarkupLine("These errors are about reaching the hosts from this machine; to validate the cluster without hosts (as render needs it), run [bold]k8sbare validate --render-only[/].");
                return code;
            }

            var report = spec.Validate(options);
            ResultView.Problems(report.Problems);
            AnsiConsole.MarkupLine("[green]valid[/]");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static bool LoadsForRender(TopologyOptions topology, ParseResult result)
    {
        try
        {
            topology.Load(result, ValidationOptions.ForRender);
            return true;
        }
        catch (ClusterException)
        {
            return false;
        }
    }
}
