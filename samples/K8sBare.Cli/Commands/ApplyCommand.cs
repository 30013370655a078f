using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster;
using K8sBare.Cluster.Apply;

using K8sBare.Cluster.Validation;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare apply [--phase X]…</c>: apply the cluster in phases, idempotently.</summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions(ValidationOptions.ForApply);
        var ssh = new SshOptions();
        var phases = new Option<string[]>("--phase", "-p") { Description = $"Run only these phases (repeatable): {string.Join(", ", Workflow.Apply.Phases.Select(x => x.Name))}.", AllowMultipleArgumentsPerToken = true };
        var limit = Limit.Option();
        var command = new Command("apply", "Apply the cluster to its hosts over SSH: preflight, prepare, pki, binaries, files, etcd, network, control-plane, rbac, workers, verify.");
        topology.AddTo(command);
        ssh.AddTo(command);
        command.Options.Add(phases);
        command.Options.Add(limit);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var spec = topology.Load(result);
            var selected = result.GetValue(phases) is { Length: > 0 } p ? Workflow.Apply.Select(p.Select(Workflow.Apply.Phase)) : Workflow.Apply.Phases;
            var hosts = Limit.Parse(result.GetValue(limit), spec);
            var applier = new ClusterApplier(ssh.Factory(result));
            var outcome = await PhaseProgress.RunAsync(selected, spec.Nodes.Count, progress =>
                applier.ApplyAsync(spec, new ApplyOptions { PkiDirectory = topology.PkiDirectory(result), Phases = selected, Hosts = hosts, Progress = progress }, ct));
            ResultView.Apply(outcome, "Applied");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
