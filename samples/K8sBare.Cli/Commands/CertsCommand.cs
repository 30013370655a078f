using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Pki.Inspection;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare certs check</c>: expiry of every certificate in the PKI store.</summary>
internal static class CertsCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions();
        var within = new Option<int>("--warn-days") { Description = "Warn about certificates expiring within this many days.", DefaultValueFactory = _ => 30 };
        var check = new Command("check", "List every certificate in the PKI store with its expiry; exit 1 when one expires within --warn-days.");
        check.Options.Add(topology.PkiDir);
        check.Options.Add(within);
        check.SetAction(async (result, ct) =>
        {
            try
            {
                var dir = topology.PkiDirectory(result, "out/.pki");
                var entries = await ExpiryReport.ScanFolderAsync(dir, TimeSpan.FromDays(result.GetValue(within)), cancellationToken: ct);
                AnsiConsole.Write(new Text(ExpiryReport.ToTable(entries)));
                var bad = entries.Count(e => e.Status != ExpiryStatus.Valid);
                AnsiConsole.MarkupLine(bad == 0 ? $"[green]{entries.Count} certificate(s), all valid beyond {result.GetValue(within)} days.[/]" : $"[red]{bad} certificate(s) need attention.[/]");
                return bad == 0 ? 0 : 1;
            }
            catch (Exception ex)
            {
                return ResultView.Error(ex);
            }
        });
        var certs = new Command("certs", "Certificate operations on the local PKI store.") { check };
        return certs;
    }
}
