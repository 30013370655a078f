namespace K8sBare.Units.Services;

/// <summary>
/// How a service depends on the host's network being up. Init-agnostic: systemd orders <see cref="Use"/> and
/// <see cref="Need"/> after <c>network-online.target</c> (<c>After=</c> + <c>Wants=</c>); OpenRC renders
/// <c>use net</c> or <c>need net</c>.
/// </summary>
public enum NetworkDependency
{
    /// <summary>No dependency on the network.</summary>
    None,

    /// <summary>
    /// Soft (the default): start after the network when something provides it, and still start when nothing does.
    /// OpenRC <c>use net</c> — a Debian host running OpenRC without netifrc has no <c>net</c> provider, and
    /// <c>need net</c> would fail every service there with "needs service(s) net".
    /// </summary>
    Use,

    /// <summary>
    /// Hard: OpenRC <c>need net</c> (the service does not start without a <c>net</c> provider, e.g. netifrc's
    /// <c>net.*</c> scripts). systemd renders it like <see cref="Use"/>: <c>network-online.target</c> is a passive
    /// synchronisation point, and <c>Requires=</c> on it would add nothing but failure modes.
    /// </summary>
    Need,
}
