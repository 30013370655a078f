using System.Text.Json;
using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// etcd judged from a control-plane host with the hosts' own etcdctl and the credentials its running kube-apiserver
/// uses (read from its command line): what an operator on the node would type, independent of K8sBare's clients.
/// </summary>
internal static class EtcdOnHost
{
    /// <summary>One member as <c>etcdctl member list</c> reports it.</summary>
    public sealed record Member(string Id, string Name, bool IsLearner, IReadOnlyList<string> PeerUrls);

    /// <summary>The running kube-apiserver's etcd flags, read from its command line on the host.</summary>
    public static async Task<(string Ca, string Cert, string Key, string Servers)> ApiserverEtcdFlagsAsync(TestbedHost host)
    {
        var args = (await host.ExecAsync("tr '\\0' '\\n' < /proc/$(pidof kube-apiserver)/cmdline")).EnsureSuccess($"kube-apiserver command line on {host.Name}").StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string Flag(string name) => args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal))?[(name.Length + 3)..]
            ?? throw new InvalidOperationException($"{host.Name}: kube-apiserver has no --{name}: {string.Join(' ', args)}");
        return (Flag("etcd-cafile"), Flag("etcd-certfile"), Flag("etcd-keyfile"), Flag("etcd-servers"));
    }

    /// <summary>Runs <c>etcdctl {args}</c> on <paramref name="via"/> (a control plane) against the member at <paramref name="address"/>.</summary>
    public static async Task<string> EtcdctlAsync(TestbedHost via, string address, string args)
    {
        var (ca, cert, key, _) = await ApiserverEtcdFlagsAsync(via);
        return (await via.ExecAsync($"etcdctl --endpoints=https://{address}:2379 --cacert={ca} --cert={cert} --key={key} {args}"))
            .EnsureSuccess($"etcdctl {args} on {via.Name} against {address}").StdOut;
    }

    /// <summary><c>etcdctl member list</c> asked of <paramref name="host"/>'s own member.</summary>
    public static async Task<IReadOnlyList<Member>> MembersAsync(Testbed tb, string host)
    {
        using var doc = JsonDocument.Parse(await EtcdctlAsync(tb[host], tb[host].Address, "member list -w json --hex"));
        return doc.RootElement.GetProperty("members").EnumerateArray().Select(m => new Member(
            m.GetProperty("ID").ToString(),
            m.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "",
            m.TryGetProperty("isLearner", out var l) && l.GetBoolean(),
            m.TryGetProperty("peerURLs", out var p) ? p.EnumerateArray().Select(u => u.GetString() ?? "").ToList() : [])).ToList();
    }

    /// <summary>The cluster ID the member at <paramref name="address"/> reports of itself (<c>endpoint status</c>), asked from <paramref name="via"/>.</summary>
    public static async Task<string> ClusterIdAsync(TestbedHost via, string address)
    {
        using var status = JsonDocument.Parse(await EtcdctlAsync(via, address, "endpoint status -w json"));
        return status.RootElement[0].GetProperty("Status").GetProperty("header").GetProperty("cluster_id").GetRawText();
    }
}
