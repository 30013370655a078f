using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Rendering;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare render --out DIR</c>: the whole cluster as files per host, offline.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder: OUT/<host>/<absolute path>, OUT/PLAN.md, OUT/admin.kubeconfig.", DefaultValueFactory = _ => new DirectoryInfo("out") };
        var command = new Command("render", "Render the cluster (default: the $20 cluster) into a folder, one subfolder per host. No hosts needed.");
        topology.AddTo(command);
        command.Options.Add(output);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var spec = topology.Load(result);
            var outDir = result.GetValue(output)!.FullName;
            var pki = topology.PkiDirectory(result, Path.Combine(outDir, ClusterFolderRenderer.DefaultPkiFolderName));
            var rendered = await PhaseProgress.RunAsync(K8sBare.Cluster.Workflow.Apply.Phases, spec.Nodes.Count,
                progress => ClusterFolderRenderer.RenderToFolderAsync(spec, outDir, pki, progress, ct));

            var table = new Table().AddColumns("host", "roles", "init", "files", "services");
            foreach (var h in rendered.Artifacts.Hosts)
                table.AddRow(h.Name, string.Join("+", new[] { h.Node.IsControlPlane ? "control-plane" : null, h.Node.IsEtcd ? "etcd" : null, h.Node.IsWorker ? "worker" : null }.Where(x => x is not null)),
                    h.Node.InitSystem.ToString(), h.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", h.Services.Select(s => s.Name)));
            AnsiConsole.Write(table);
            var files = rendered.Artifacts.Hosts.Sum(h => h.Files.Count);
            AnsiConsole.MarkupLine($"Rendered cluster [bold]{Markup.Escape(spec.Name)}[/] into [bold]{Markup.Escape(rendered.OutputDirectory)}[/]: {files} files in {rendered.Artifacts.Hosts.Count} host folders (OUT/<host>/<absolute path>), commands in OUT/<host>/.k8sbare/commands.sh.");
            AnsiConsole.MarkupLine($"Plan summary: [bold]{Markup.Escape(rendered.SummaryPath)}[/]");
            AnsiConsole.MarkupLine($"PKI store (CA keys, mode 0600; reused on the next render): [bold]{Markup.Escape(rendered.PkiDirectory)}[/]");
            foreach (var w in rendered.Apply.Warnings.Distinct()) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
