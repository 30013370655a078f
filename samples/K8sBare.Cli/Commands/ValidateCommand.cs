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
        var forRender = new Option<bool>("--render-only") { Description = "Skip checks only applying needs (SSH keys, local binaries)." };
        var command = new Command("validate", "Check the topology and list every error and warning, each with its field and fix.");
        topology.AddTo(command);
        command.Options.Add(forRender);
        command.SetAction(CommandAction.Sync(result =>
        {
            var report = topology.Load(result).Validate(result.GetValue(forRender) ? ValidationOptions.ForRender : ValidationOptions.ForApply);
            foreach (var p in report.Problems)
                AnsiConsole.MarkupLine($"{(p.Severity == ValidationSeverity.Error ? "[red]error[/]" : "[yellow]warning[/]")} [bold]{Markup.Escape(p.Field)}[/]: {Markup.Escape(p.Message)} [grey]Fix: {Markup.Escape(p.Fix)}[/]");
            AnsiConsole.MarkupLine(report.IsValid ? "[green]valid[/]" : $"[red]{report.Errors.Count()} error(s)[/]");
            return report.IsValid ? 0 : 2;
        }));
        return command;
    }
}
