using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Operations;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Inspection;
using K8sBare.Cluster.Validation;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare certs check</c>: expiry of every certificate in the PKI store.</summary>
internal static class CertsCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions();
        var within = new Option<int>("--warn-days") { Description = "Warn about certificates expiring within this many days.", DefaultValueFactory = _ => 30 };
        var check = new Command("check", "List every certificate in the PKI store with its expiry; exit 1 when one expires within --warn-days, 2 when the store holds none.");
        check.Options.Add(topology.PkiDir);
        check.Options.Add(within);
        check.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var dir = topology.PkiDirectory(result);
            // A missing or empty store has nothing "valid" in it: say so instead of "all valid".
            var none = new RefusedException($"No certificates found in {dir}. Fix: point --pki-dir at the cluster's PKI store ('k8sbare apply' or 'k8sbare render' creates one).");
            if (!Directory.Exists(dir)) throw none;
            var entries = await ExpiryReport.ScanFolderAsync(dir, TimeSpan.FromDays(result.GetValue(within)), cancellationToken: ct);
            if (entries.Count == 0) throw none;
            AnsiConsole.Write(new Text(ExpiryReport.ToTable(entries)));
            var bad = entries.Count(e => e.Status != ExpiryStatus.Valid);
            AnsiConsole.MarkupLine(bad == 0 ? $"[green]{entries.Count} certificate(s), all valid beyond {result.GetValue(within)} days.[/]" : $"[red]{bad} certificate(s) need attention.[/]");
            return bad == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        var certs = new Command("certs", "Certificates: the local PKI store (check), the hosts (report), renewal (renew).") { check, Report(), Renew(), RotationPlan() };
        return certs;
    }

    private static Command Report()
    {
        var topology = new TopologyOptions(ValidationOptions.ForApply);
        var ssh = new SshOptions();
        var within = new Option<int>("--warn-days") { Description = "Warn about certificates expiring within this many days.", DefaultValueFactory = _ => 30 };
        var command = new Command("report", "Read every certificate K8sBare placed (files and kubeconfig-embedded) from the hosts: host, file, subject, notAfter, days left; exit 1 when one needs attention.");
        topology.AddTo(command);
        ssh.AddTo(command);
        command.Options.Add(within);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var report = await new CertificateOperations(ssh.Factory(result)).ReportAsync(topology.Load(result), result.GetValue(within), ct);
            AnsiConsole.Write(new Text(report.ToTable()));
            var bad = report.Certificates.Count(c => c.Expiry.Status != ExpiryStatus.Valid) + report.Missing.Count + report.Unreachable.Count;
            return bad == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    private static Command Renew()
    {
        var topology = new TopologyOptions(ValidationOptions.ForApply);
        var ssh = new SshOptions();
        var within = new Option<int?>("--within-days") { Description = "Renew only the leaves expiring within this many days (default: every leaf)." };
        var planOnly = new Option<bool>("--plan") { Description = "Check the CAs on the hosts, show what would be renewed, and stop." };
        var command = new Command("renew", "Renew leaf certificates from the cluster's CAs in the PKI store (refused when a host's CA is not the store's), place them and restart what uses them.");
        topology.AddTo(command);
        ssh.AddTo(command);
        command.Options.Add(within);
        command.Options.Add(planOnly);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var spec = topology.Load(result);
            var ops = new CertificateOperations(ssh.Factory(result));
            var options = new CertificateRenewalOptions { Apply = new ApplyOptions { PkiDirectory = topology.PkiDirectory(result) }, WithinDays = result.GetValue(within) };
            var plan = await ops.PlanRenewalAsync(spec, options, ct);
            AnsiConsole.WriteLine(plan.ToString());
            if (result.GetValue(planOnly)) return ExitCodes.Ok;
            var r = await ops.RenewAsync(spec, options, ct);
            ResultView.Apply(r.Applied, $"Renewed {r.Reissued.Count} certificate(s) and applied");
            AnsiConsole.Write(new Text(r.After.ToTable()));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command RotationPlan()
    {
        var topology = new TopologyOptions();
        var ca = new Option<CertificateAuthorityId>("--ca") { Description = "Which CA: Cluster, Etcd or FrontProxy.", DefaultValueFactory = _ => CertificateAuthorityId.Cluster };
        var command = new Command("rotation-plan", "Print the ordered steps of a CA rotation for this cluster (not executed).");
        topology.AddTo(command);
        command.Options.Add(ca);
        command.SetAction(CommandAction.Sync(result =>
        {
            AnsiConsole.WriteLine(CaRotationPlanner.Plan(topology.Load(result), result.GetValue(ca)).ToString());
            return ExitCodes.Ok;
        }));
        return command;
    }
}
