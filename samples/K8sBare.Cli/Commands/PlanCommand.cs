using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Planning;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare plan</c>: what an apply would change on each host; changes nothing.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions();
        var ssh = new SshOptions();
        var limit = Limit.Option();
        var command = new Command("plan", "Compare the rendered cluster with the hosts (files by sha256, services, binaries). Changes nothing.");
        topology.AddTo(command);
        ssh.AddTo(command);
        command.Options.Add(limit);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var spec = topology.Load(result);
            var plan = await new ClusterPlanner(ssh.Factory(result)).PlanAsync(spec, new ApplyOptions { PkiDirectory = topology.PkiDirectory(result), Hosts = Limit.Parse(result.GetValue(limit)) }, ct);
            AnsiConsole.Write(new Text(plan.ToTable()));
            AnsiConsole.MarkupLine(plan.IsEmpty ? "[green]Nothing to change.[/]" : $"[bold]{plan.HostsWithChanges.Count()} host(s) would change.[/] Run [bold]k8sbare apply[/] to apply.");
            return 0;
        }));
        return command;
    }
}
