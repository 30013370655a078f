namespace K8sBare.Cluster.Planning;

/// <summary>The plan for one host: its steps, and per file, service and binary what would happen.</summary>
public sealed record HostPlan
{
    /// <summary>The host.</summary>
    public required string Host { get; init; }

    /// <summary>How the host was reached for this plan (and will be for the apply): OpenSSH, SSH.NET, a folder, …</summary>
    public Remote.HostTransport Transport { get; init; }

    /// <summary>The host's steps in run order.</summary>
    public IReadOnlyList<PlannedStep> Steps { get; init; } = [];

    /// <summary>Every file with its planned change.</summary>
    public IReadOnlyList<PlannedFile> Files { get; init; } = [];

    /// <summary>Every service with its planned change.</summary>
    public IReadOnlyList<PlannedService> Services { get; init; } = [];

    /// <summary>Every binary with its planned change.</summary>
    public IReadOnlyList<PlannedBinary> Binaries { get; init; } = [];

    /// <summary>Files that would be created.</summary>
    public int FilesToCreate => Files.Count(f => f.Change == PlannedChange.Create);

    /// <summary>Files that would be rewritten.</summary>
    public int FilesToChange => Files.Count(f => f.Change == PlannedChange.Change);

    /// <summary>Files already as desired.</summary>
    public int FilesUnchanged => Files.Count(f => f.Change == PlannedChange.Unchanged);

    /// <summary>True when applying would change something on this host.</summary>
    public bool HasChanges => Steps.Any(s => s.IsChange);
}
