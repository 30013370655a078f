using K8sBare.Cli.Commands;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Operations;
using K8sBare.Etcd;
using K8sBare.Pki;
using K8sBare.Cluster.Inventory;
using K8sBare.Cluster.Validation;
using Spectre.Console;

namespace K8sBare.Cli.Views;

/// <summary>Prints results and errors.</summary>
internal static class ResultView
{
    public static void Apply(ApplyResult r, string verb)
    {
        var byKind = r.Changes.GroupBy(c => c.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        AnsiConsole.MarkupLine($"[bold]{verb}:[/] {r.Changes.Count} change(s){(r.Changes.Count > 0 ? " (" + string.Join(", ", byKind) + ")" : "")}, {r.Restarts} start/restart(s), {r.Duration.TotalMilliseconds:0} ms.");
        if (r.NotStarted.Count > 0)
        {
            var t = new Table().AddColumns("host", "service", "not started because");
            foreach (var n in r.NotStarted) t.AddRow(Markup.Escape(n.Host), Markup.Escape(n.Service), Markup.Escape(n.Reason));
            AnsiConsole.Write(t);
        }

        foreach (var w in r.Warnings.Distinct()) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
    }

    /// <summary>
    /// Prints an error in the user's words (never a .NET exception type name) and returns its exit code
    /// (<see cref="ExitCodes"/>): refusals of input or of unsafe requests <see cref="ExitCodes.Refused"/>, failed
    /// operations <see cref="ExitCodes.Failed"/>.
    /// </summary>
    public static int Error(Exception ex)
    {
        switch (ex)
        {
            case ClusterValidationException v:
                AnsiConsole.MarkupLine($"[red]The cluster spec has {v.Report.Errors.Count()} error(s); nothing was changed on any host.[/]");
                Problems(v.Report.Problems);
                return ExitCodes.Refused;
            case ApplyException a:
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(a.Message)}[/]");
                Apply(a.Partial, "Done before the failure");
                return ExitCodes.Failed;
            case OperationCanceledException:
                AnsiConsole.MarkupLine("[yellow]Cancelled. Run the same command again to finish; completed work is kept.[/]");
                return ExitCodes.Cancelled;
            default:
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(Message(ex))}[/]");
                return IsRefusal(ex) ? ExitCodes.Refused : ExitCodes.Failed;
        }
    }

    /// <summary>Validation problems, one a line: severity, the inventory key path, the message and the fix.</summary>
    public static void Problems(IEnumerable<ValidationProblem> problems)
    {
        foreach (var p in problems)
            AnsiConsole.MarkupLine($"  {(p.Severity == ValidationSeverity.Error ? "[red]error[/]" : "[yellow]warning[/]")} [bold]{Markup.Escape(p.Field)}[/]: {Markup.Escape(p.Message)} [grey]Fix: {Markup.Escape(p.Fix)}[/]");
    }

    /// <summary>Refused before anything changed: bad input (inventory, options, files) or an unsafe request the SDK turned down.</summary>
    private static bool IsRefusal(Exception ex) => ex is InventoryException or RefusedException or ArgumentException or FileNotFoundException
        or DirectoryNotFoundException or InvalidDataException or FormatException or UnsafeNodeOperationException or UnsafeUpgradeException or UnsafeMembershipChangeException
        or CertificateAuthorityMismatchException or StalePlanException or PkiException
        // The SDK's planners refuse with InvalidOperationException ("… is refused …; nothing was changed").
        || ex.GetType() == typeof(InvalidOperationException);

    /// <summary>The message without .NET's own decorations (ArgumentException's "(Parameter 'x')").</summary>
    private static string Message(Exception ex) =>
        ex is ArgumentException { ParamName: { } name } a && a.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? a.Message[..^$" (Parameter '{name}')".Length]
            : ex.Message;
}
