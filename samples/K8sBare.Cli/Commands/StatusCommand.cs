using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster.Rendering;
using K8sBare.Remote.Services;
using K8sBare.Cluster.Validation;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare status</c>: each host's services (installed, enabled, running).</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions(ValidationOptions.ForApply);
        var ssh = new SshOptions();
        var command = new Command("status", "Show every service of the cluster on its host: installed, enabled, running.");
        topology.AddTo(command);
        ssh.AddTo(command);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var spec = topology.Load(result);
            // The services come from the rendered cluster; the render's certificates go to a private copy of the store (read-only verb).
            using var pki = ReadOnlyPki.Open(topology.PkiDirectory(result), caRequired: false);
            if (!pki.HasCa) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(pki.MissingNote)}[/]");
            var artifacts = await ClusterRenderer.RenderAsync(spec, pki.Directory, cancellationToken: ct);
            var factory = ssh.Factory(result);
            var table = new Table().AddColumns("host", "service", "installed", "enabled", "state");
            foreach (var host in artifacts.Hosts)
            {
                await using var conn = await factory.OpenAsync(host.Node, ct);
                var services = ServiceManagers.For(conn, host.Node.InitSystem == K8sBare.Cluster.InitSystem.OpenRc ? K8sBare.Remote.Facts.InitSystem.OpenRc : K8sBare.Remote.Facts.InitSystem.Systemd);
                foreach (var s in host.Services)
                {
                    var st = await services.GetStatusAsync(s.Name, ct);
                    table.AddRow(host.Name, s.Name, st.Installed ? "yes" : "[red]no[/]", st.Enabled ? "yes" : "[yellow]no[/]", st.Active ? "[green]running[/]" : Markup.Escape(st.State));
                }
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
