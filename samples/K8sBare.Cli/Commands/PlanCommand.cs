using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Validation;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare plan</c>: what an apply would change on each host; changes nothing.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions(ValidationOptions.ForApply);
        var ssh = new SshOptions();
        var limit = Limit.Option();
        var command = new Command("plan", "Compare the rendered cluster with the hosts (files by sha256, services, binaries). Changes nothing, not even the PKI store.");
        topology.AddTo(command);
        ssh.AddTo(command);
        command.Options.Add(limit);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var spec = topology.Load(result);
            var hosts = Limit.Parse(result.GetValue(limit), spec);
            // Read-only: the planner generates what the store lacks (a whole CA before the first apply) into a private copy.
            using var pki = ReadOnlyPki.Open(topology.PkiDirectory(result), caRequired: false);
            var plan = await new ClusterPlanner(ssh.Factory(result)).PlanAsync(spec, new ApplyOptions { PkiDirectory = pki.Directory, Hosts = hosts }, ct);
            AnsiConsole.Write(new Text(plan.ToTable()));
            if (!pki.HasCa) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(pki.MissingNote)} The CA will be created by apply; the certificates above are planned against a throwaway one.[/]");
            AnsiConsole.MarkupLine(plan.IsEmpty ? "[green]Nothing to change.[/]" : $"[bold]{plan.HostsWithChanges.Count()} host(s) would change.[/] Run [bold]k8sbare apply[/] to apply.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
