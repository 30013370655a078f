using System.Text.Json;

namespace K8sBare.Etcd;

/// <summary>
/// flannel's keys in etcd (v3 API; flannel ≥ 0.18): the network config at <c>&lt;prefix&gt;/config</c> and the
/// subnet leases under <c>&lt;prefix&gt;/subnets/</c>. The default prefix is flannel's <c>/coreos.com/network</c>.
/// </summary>
public sealed class FlannelEtcdStore
{
    /// <summary>flannel's default --etcd-prefix.</summary>
    public const string DefaultPrefix = "/coreos.com/network";

    private readonly IEtcdClient _client;

    /// <summary>Creates the store; <paramref name="prefix"/> must match flanneld's --etcd-prefix.</summary>
    /// <param name="client">A connected client whose identity may read and write under <paramref name="prefix"/>.</param>
    /// <param name="prefix">flanneld's <c>--etcd-prefix</c> (default <c>/coreos.com/network</c>); a trailing slash is dropped.</param>
    public FlannelEtcdStore(IEtcdClient client, string prefix = DefaultPrefix)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (!prefix.StartsWith('/'))
            throw new ArgumentException($"The flannel etcd prefix '{prefix}' must start with '/', like flannel's default {DefaultPrefix}.", nameof(prefix));
        Prefix = prefix.TrimEnd('/');
    }

    /// <summary>The prefix without a trailing slash.</summary>
    public string Prefix { get; }

    /// <summary>The config key (Go's path.Join(prefix, "config")).</summary>
    public string ConfigKey => Prefix + "/config";

    /// <summary>The subnet lease key prefix.</summary>
    public string SubnetsPrefix => Prefix + "/subnets/";

    /// <summary>Writes the network config; returns the revision.</summary>
    /// <param name="config">The network config flanneld reads at <c>&lt;prefix&gt;/config</c>.</param>
    /// <param name="cancellationToken">Cancels the write (a write that reached etcd may still have been applied).</param>
    public Task<long> PutConfigAsync(FlannelNetworkConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return _client.PutAsync(ConfigKey, config.ToJson(), 0, cancellationToken);
    }

    /// <summary>Reads the network config; null when none is stored.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<FlannelNetworkConfig?> GetConfigAsync(CancellationToken cancellationToken = default)
    {
        var kv = await _client.GetAsync(ConfigKey, cancellationToken).ConfigureAwait(false);
        return kv is null ? null : FlannelNetworkConfig.Parse(kv.Value);
    }

    /// <summary>The subnet leases flanneld instances hold, in key order.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<FlannelSubnetLease>> ListSubnetLeasesAsync(CancellationToken cancellationToken = default)
    {
        var kvs = await _client.GetPrefixAsync(SubnetsPrefix, cancellationToken).ConfigureAwait(false);
        var result = new List<FlannelSubnetLease>(kvs.Count);
        foreach (var kv in kvs)
        {
            var name = kv.Key[SubnetsPrefix.Length..];
            var parts = name.Split('&', 2);
            FlannelLeaseAttrsDto? attrs = null;
            try { attrs = JsonSerializer.Deserialize(kv.Value, FlannelJsonContext.Default.FlannelLeaseAttrsDto); }
            catch (JsonException) { }
            result.Add(new FlannelSubnetLease
            {
                Key = kv.Key,
                Subnet = ToCidr(parts[0]),
                IPv6Subnet = parts.Length > 1 ? ToCidr(parts[1]) : null,
                PublicIP = attrs?.PublicIP,
                BackendType = attrs?.BackendType,
                BackendData = attrs is { BackendData.ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } ? attrs.BackendData.GetRawText() : null,
                LeaseId = kv.Lease,
            });
        }
        return result;
    }

    /// <summary>10.200.3.0-24 → 10.200.3.0/24 (the key form is subnet.MakeSubnetKey).</summary>
    private static string ToCidr(string keyPart)
    {
        var i = keyPart.LastIndexOf('-');
        return i < 0 ? keyPart : keyPart[..i] + "/" + keyPart[(i + 1)..];
    }
}
