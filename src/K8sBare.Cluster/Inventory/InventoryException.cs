namespace K8sBare.Cluster.Inventory;

/// <summary>Thrown when an inventory file cannot be read as a cluster; lists every problem found.</summary>
public sealed class InventoryException : ClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file (or "inline").</param>
    /// <param name="problems">Every problem, with key path, line and rule.</param>
    public InventoryException(string source, IReadOnlyList<InventoryProblem> problems)
        : base($"Inventory {source} has {problems.Count} problem(s):\n" + string.Join("\n", problems.Select(p => "  " + p)))
    {
        Source = source;
        Details = problems;
        Problems = problems.Select(p => p.ToString()).ToList();
    }

    /// <summary>The inventory file.</summary>
    public new string Source { get; }

    /// <summary>Every problem as "path: line L, column C: message Fix: fix".</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Every problem with its key path, line, column and rule code.</summary>
    public IReadOnlyList<InventoryProblem> Details { get; }
}
