namespace K8sBare.Cluster.Inventory;

/// <summary>Thrown when an inventory file cannot be read as a cluster; lists every problem found.</summary>
public sealed class InventoryException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file (or "inline").</param>
    /// <param name="problems">Each problem as "field: message. Fix: …".</param>
    public InventoryException(string source, IReadOnlyList<string> problems)
        : base($"Inventory {source} has {problems.Count} problem(s):\n" + string.Join("\n", problems.Select(p => "  " + p)))
    {
        Source = source;
        Problems = problems;
    }

    /// <summary>The inventory file.</summary>
    public new string Source { get; }

    /// <summary>Every problem.</summary>
    public IReadOnlyList<string> Problems { get; }
}
