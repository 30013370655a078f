namespace K8sBare.Etcd;

/// <summary>A cluster member as <c>etcdctl member list</c> shows it.</summary>
public sealed record EtcdMember
{
    /// <summary>The member ID.</summary>
    public required EtcdMemberId Id { get; init; }

    /// <summary>The member name; empty while an added member has not started yet.</summary>
    public string Name { get; init; } = "";

    /// <summary>Peer URLs.</summary>
    public IReadOnlyList<Uri> PeerUrls { get; init; } = [];

    /// <summary>Client URLs; empty while an added member has not started yet.</summary>
    public IReadOnlyList<Uri> ClientUrls { get; init; } = [];

    /// <summary>True for a learner (non-voting) member.</summary>
    public bool IsLearner { get; init; }

    /// <summary>True once the member has started and published its name and client URLs.</summary>
    public bool IsStarted => Name.Length > 0;

    /// <summary>etcdctl's table line: <c>id, started, name, peer URLs, client URLs, is learner</c>.</summary>
    public override string ToString() =>
        $"{Id}, {(IsStarted ? "started" : "unstarted")}, {Name}, {string.Join(",", PeerUrls.Select(u => u.OriginalString))}, {string.Join(",", ClientUrls.Select(u => u.OriginalString))}, {(IsLearner ? "true" : "false")}";
}
