namespace K8sBare.Cluster.Kubernetes;

/// <summary>
/// A drain that did not finish: refused before anything changed (<see cref="TimedOut"/> false; pods that need
/// <see cref="DrainOptions.Force"/> or <see cref="DrainOptions.DeleteEmptyDirData"/>, or an eviction the API rejected), or
/// timed out with pods left (<see cref="TimedOut"/> true). <see cref="Remaining"/> names each pod and why.
/// </summary>
public sealed class NodeDrainException : ClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="node">The node.</param>
    /// <param name="message">The summary (the pods are appended).</param>
    /// <param name="remaining">The pods left, each with its reason.</param>
    /// <param name="timedOut">True when the timeout passed.</param>
    /// <param name="report">What the drain did before it stopped.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public NodeDrainException(string node, string message, IReadOnlyList<DrainPod> remaining, bool timedOut, DrainReport report, Exception? inner = null)
        : base($"{message}\n{string.Join("\n", remaining.Select(p => "  " + p))}", inner)
    {
        Node = node;
        Remaining = remaining;
        TimedOut = timedOut;
        Report = report;
    }

    /// <summary>The node.</summary>
    public string Node { get; }

    /// <summary>The pods left on the node, each with why.</summary>
    public IReadOnlyList<DrainPod> Remaining { get; }

    /// <summary>True when the drain timed out; false when it was refused or an eviction failed.</summary>
    public bool TimedOut { get; }

    /// <summary>What the drain did before it stopped (evicted and skipped pods).</summary>
    public DrainReport Report { get; }
}
