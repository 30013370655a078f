using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Validation;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare reset NODE</c>: stop and remove everything K8sBare placed on a node.</summary>
internal static class ResetCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions(ValidationOptions.ForApply);
        var ssh = new SshOptions();
        var node = new Argument<string>("node") { Description = "The node to reset (as named in the topology)." };
        var removed = new Option<bool>("--etcd-member-removed") { Description = "Confirm the node's etcd member was removed from the cluster first (needed for an etcd node of a multi-member cluster)." };
        var planOnly = new Option<bool>("--plan") { Description = "Show what would be stopped and removed, and stop." };
        var command = new Command("reset", "Stop and remove what K8sBare installed on a node (services, files, binaries, data dirs); leave what it did not create.");
        topology.AddTo(command);
        ssh.AddTo(command);
        command.Arguments.Add(node);
        command.Options.Add(removed);
        command.Options.Add(planOnly);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var spec = topology.Load(result);
            var options = new NodeResetOptions { EtcdMemberRemoved = result.GetValue(removed) };
            var plan = await NodeReset.PlanAsync(spec, result.GetValue(node)!, options, ct);
            AnsiConsole.WriteLine(plan.ToString());
            if (result.GetValue(planOnly)) return ExitCodes.Ok;
            var r = await new NodeReset(ssh.Factory(result)).ResetAsync(spec, plan.Host, options, ct);
            foreach (var p in r.Remaining) AnsiConsole.MarkupLine($"[red]still there:[/] {Markup.Escape(p)}");
            foreach (var s in r.StillRunning) AnsiConsole.MarkupLine($"[red]still running:[/] {Markup.Escape(s)}");
            AnsiConsole.MarkupLine(r.Clean ? $"[green]{Markup.Escape(plan.Host)} reset[/] in {r.Duration.TotalSeconds:0.0} s" : "[red]reset incomplete: run it again[/]");
            return r.Clean ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
