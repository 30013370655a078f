using K8sBare.Cluster.Apply;
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

    public static int Error(Exception ex)
    {
        switch (ex)
        {
            case ClusterValidationException v:
                AnsiConsole.MarkupLine($"[red]The cluster spec has {v.Report.Errors.Count()} error(s); nothing was changed on any host.[/]");
                foreach (var p in v.Report.Problems)
                    AnsiConsole.MarkupLine($"  {(p.Severity == ValidationSeverity.Error ? "[red]error[/]" : "[yellow]warning[/]")} [bold]{Markup.Escape(p.Field)}[/]: {Markup.Escape(p.Message)} [grey]Fix: {Markup.Escape(p.Fix)}[/]");
                return 2;
            case InventoryException i:
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(i.Message)}[/]");
                return 2;
            case ApplyException a:
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(a.Message)}[/]");
                Apply(a.Partial, "Done before the failure");
                return 1;
            case OperationCanceledException:
                AnsiConsole.MarkupLine("[yellow]Cancelled. Run the same command again to finish; completed work is kept.[/]");
                return 130;
            default:
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.GetType().Name)}: {Markup.Escape(ex.Message)}[/]");
                return 1;
        }
    }
}
