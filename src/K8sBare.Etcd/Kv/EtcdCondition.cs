namespace K8sBare.Etcd;

/// <summary>The comparison a compare-and-swap transaction makes on its key before writing.</summary>
public sealed record EtcdCondition
{
    private EtcdCondition(string target, string? value, long? revision)
    {
        Target = target;
        ExpectedValue = value;
        ExpectedRevision = revision;
    }

    /// <summary>The compare target: <c>VALUE</c>, <c>MOD</c> or <c>CREATE</c>.</summary>
    public string Target { get; }

    /// <summary>The expected value (target VALUE).</summary>
    public string? ExpectedValue { get; }

    /// <summary>The expected revision (targets MOD and CREATE).</summary>
    public long? ExpectedRevision { get; }

    /// <summary>The key must hold exactly this value.</summary>
    /// <param name="value">The exact value (UTF-8 text) the key must hold; compared byte for byte by etcd (Compare VALUE EQUAL).</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static EtcdCondition ValueEquals(string value) => new("VALUE", value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>The key's last modification must be this revision (optimistic concurrency).</summary>
    /// <param name="revision">The key's expected mod_revision (etcd's cluster-wide revision of its last write); 0 means "the key does not exist".</param>
    public static EtcdCondition ModRevisionEquals(long revision) => new("MOD", null, revision);

    /// <summary>The key must not exist (create revision 0).</summary>
    public static EtcdCondition Missing { get; } = new("CREATE", null, 0);
}
