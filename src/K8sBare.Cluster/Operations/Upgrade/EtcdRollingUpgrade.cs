using System.Diagnostics;
using K8sBare.Etcd;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// An etcd rolling member upgrade (etcd's upgrade guides, e.g. etcd.io/docs/v3.5/upgrades/upgrade_3_5/: one minor
/// release at a time, one member at a time, the cluster healthy between members): before each member every member
/// must be healthy; the member is then replaced by the caller's step (stop, new binary, start on the same data dir);
/// the next member waits until this one is healthy again and reports the target release. Refused before the first
/// member when the target skips a minor release or is older than a member.
/// </summary>
/// <param name="logger">Optional logger.</param>
public sealed class EtcdRollingUpgrade(ILogger? logger = null)
{
    /// <summary>Upgrades the members one at a time.</summary>
    /// <param name="client">A client to every member (administrator or health identity).</param>
    /// <param name="members">The members in upgrade order (followers first is kinder: fewer leader elections).</param>
    /// <param name="targetVersion">The release the members move to, <c>MAJOR.MINOR</c> or <c>MAJOR.MINOR.PATCH</c>.</param>
    /// <param name="replaceMember">Stops the member, puts the new binary in place and starts it (same name, data dir, URLs).</param>
    /// <param name="healthTimeout">How long a member may take to come back healthy on the new release.</param>
    /// <param name="cancellationToken">Cancels between and during steps (the member being replaced is left to the caller's step).</param>
    /// <returns>Versions before and after per member, and durations.</returns>
    /// <exception cref="InvalidOperationException">Refused before any change (skipped minor, downgrade, unhealthy cluster), or a member did not come back.</exception>
    public async Task<EtcdUpgradeResult> RunAsync(IEtcdClient client, IReadOnlyList<EtcdUpgradeMember> members, string targetVersion,
        Func<EtcdUpgradeMember, CancellationToken, Task> replaceMember, TimeSpan healthTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(replaceMember);
        var target = Version.Parse(targetVersion.Count(c => c == '.') == 1 ? targetVersion + ".0" : targetVersion);
        if (members.Count == 0) throw new ArgumentException("No etcd member to upgrade.", nameof(members));

        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in members)
        {
            var v = (await client.GetStatusAsync(m.ClientUrl, cancellationToken).ConfigureAwait(false)).Version;
            before[m.Name] = v;
            var cur = Version.Parse(v);
            if (cur.Major != target.Major || target.Minor < cur.Minor || target.Minor - cur.Minor > 1)
                throw new InvalidOperationException($"The etcd upgrade to {targetVersion} is refused; nothing was changed: member {m.Name} runs {v}. " +
                    "etcd upgrades one minor release at a time and never down (etcd.io/docs/v3.5/upgrades/).");
        }

        var after = new List<EtcdMemberUpgrade>();
        foreach (var m in members)
        {
            await GateAsync(client, members, null, target, healthTimeout, cancellationToken).ConfigureAwait(false);
            var sw = Stopwatch.StartNew();
            logger?.LogInformation("etcd upgrade: replacing {Member} ({Before} → {Target})", m.Name, before[m.Name], targetVersion);
            await replaceMember(m, cancellationToken).ConfigureAwait(false);
            await GateAsync(client, [m], m, target, healthTimeout, cancellationToken).ConfigureAwait(false);
            after.Add(new EtcdMemberUpgrade(m.Name, before[m.Name], (await client.GetStatusAsync(m.ClientUrl, cancellationToken).ConfigureAwait(false)).Version, sw.Elapsed));
            logger?.LogInformation("etcd upgrade: {Member} healthy on the new release after {Ms} ms", m.Name, (long)sw.Elapsed.TotalMilliseconds);
        }

        await GateAsync(client, members, null, target, healthTimeout, cancellationToken).ConfigureAwait(false);
        return new EtcdUpgradeResult(after);
    }

    /// <summary>Waits until the given members are healthy (and <paramref name="upgraded"/> reports the target release).</summary>
    private static async Task GateAsync(IEtcdClient client, IReadOnlyList<EtcdUpgradeMember> members, EtcdUpgradeMember? upgraded, Version target, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (true)
        {
            var ok = true;
            foreach (var m in members)
            {
                try
                {
                    if (!await client.IsHealthyAsync(m.ClientUrl, ct).ConfigureAwait(false)) { ok = false; last = $"{m.Name} unhealthy"; break; }
                    if (upgraded is not null && m == upgraded)
                    {
                        var v = Version.Parse((await client.GetStatusAsync(m.ClientUrl, ct).ConfigureAwait(false)).Version);
                        if (v.Major != target.Major || v.Minor != target.Minor) { ok = false; last = $"{m.Name} reports {v}"; break; }
                    }
                }
                catch (EtcdException ex)
                {
                    ok = false;
                    last = $"{m.Name}: {ex.Message}";
                    break;
                }
            }
            if (ok) return;
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"The etcd upgrade stopped: {last} after {timeout.TotalSeconds:0} s. The members already upgraded stay on the new release; fix the member and run the upgrade again.");
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }
}
