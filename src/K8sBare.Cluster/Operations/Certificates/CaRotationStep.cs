namespace K8sBare.Cluster.Operations;

/// <summary>One step of a CA rotation, in order.</summary>
public sealed record CaRotationStep
{
    /// <summary>1-based position.</summary>
    public required int Order { get; init; }

    /// <summary>What the step does.</summary>
    public required string Title { get; init; }

    /// <summary>The nodes the step touches, in the order to touch them (one at a time where <see cref="OneHostAtATime"/>).</summary>
    public required IReadOnlyList<string> Hosts { get; init; }

    /// <summary>The files on those hosts the step changes (<c>host:path</c>).</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The services restarted by the step.</summary>
    public required IReadOnlyList<string> Services { get; init; }

    /// <summary>True when hosts are changed and restarted one at a time, each checked healthy before the next.</summary>
    public bool OneHostAtATime { get; init; }

    /// <summary>How to check the step before going on.</summary>
    public required string Check { get; init; }
}
