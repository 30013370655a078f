using System.CommandLine;
using K8sBare.Cli.Views;
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
            var spec = topology.Load(result);
            var renderOnly = result.GetValue(forRender);
            var report = spec.Validate(renderOnly ? ValidationOptions.ForRender : ValidationOptions.ForApply);
            ResultView.Problems(report.Problems);
            AnsiConsole.MarkupLine(report.IsValid ? "[green]valid[/]" : $"[red]{report.Errors.Count()} error(s)[/]");
            // Errors only applying has (SSH keys, local binaries on this machine) are no reason to stop a check without hosts.
            if (!report.IsValid && !renderOnly && spec.Validate(ValidationOptions.ForRender).IsValid)
                AnsiConsole.MarkupLine("These errors are about reaching the hosts from this machine; to validate the cluster without hosts (as render needs it), run [bold]k8sbare validate --render-only[/].");
            return report.IsValid ? ExitCodes.Ok : ExitCodes.Refused;
        }));
        return command;
    }
}
