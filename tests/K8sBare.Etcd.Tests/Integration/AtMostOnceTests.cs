using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>
/// A write or member change whose answer is lost after etcd applied it is never sent again — decided against
/// dotnet-etcd's default gRPC retry policy, which re-sends such a call (shown here on the same fault).
/// The fault: a relay in front of a real etcd drops etcd's answers, the test waits until etcd has applied the
/// request (read directly), then the relay resets the client's connection.
/// </summary>
public sealed class AtMostOnceTests
{
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(50);
        }
    }

    /// <summary>A one-member etcd, a direct client, and a client through the relay with its connection already open.</summary>
    private sealed class Rig(EtcdTestCluster cluster, EtcdClient direct, CuttingProxy relay, EtcdClient client) : IAsyncDisposable
    {
        public EtcdClient Direct => direct;
        public CuttingProxy Relay => relay;
        public EtcdClient Client => client;

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            relay.Dispose();
            direct.Dispose();
            await cluster.DisposeAsync();
        }
    }

    private static async Task<Rig> StartBehindRelayAsync(string version)
    {
        var cluster = await EtcdTestCluster.StartAsync(1, version);
        var relay = new CuttingProxy(cluster.Members[0].ClientPort);
        var client = new EtcdClient(cluster.Pki.ClientOptions([relay.Url]) with { RequestTimeout = TimeSpan.FromMinutes(2) });
        var rig = new Rig(cluster, cluster.CreateClient(), relay, client);
        try
        {
            await client.GetAsync("/warm"); // the HTTP/2 connection is open before the fault
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_put_whose_answer_is_lost_is_applied_once_and_reported(string version)
    {
        await using var rig = await StartBehindRelayAsync(version);
        var (direct, relay, client) = (rig.Direct, rig.Relay, rig.Client);

        relay.DropAnswers();
        var put = client.PutAsync("/once/k", "v");
        await WaitUntilAsync(async () => await direct.GetAsync("/once/k") is not null, "etcd never applied the put");
        relay.CutClients();

        var ex = await Assert.ThrowsAsync<EtcdException>(() => put);
        Assert.Equal(EtcdStatusCode.Unavailable, ex.Code);
        Assert.Contains("may still have been applied, so it was not sent again", ex.Message);
        var kv = (await direct.GetAsync("/once/k"))!;
        Assert.Equal(1, kv.Version); // written once
        Assert.Equal(1, relay.Connections); // and no second connection was opened to re-send it
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_member_add_whose_answer_is_lost_adds_one_member_and_is_reported(string version)
    {
        await using var rig = await StartBehindRelayAsync(version);
        var (direct, relay, client) = (rig.Direct, rig.Relay, rig.Client);
        var peer = new Uri($"https://127.0.0.1:{EtcdPorts.Next()}");

        relay.DropAnswers();
        var add = client.AddMemberAsync([peer], isLearner: true);
        await WaitUntilAsync(async () => (await direct.ListMembersAsync()).Count == 2, "etcd never applied the member add");
        relay.CutClients();

        var ex = await Assert.ThrowsAsync<EtcdException>(() => add);
        Assert.Equal(EtcdStatusCode.Unavailable, ex.Code);
        Assert.Contains("not sent again", ex.Message);
        var members = await direct.ListMembersAsync();
        Assert.Single(members, m => m.PeerUrls.Any(u => u == peer));
        Assert.Equal(1, relay.Connections);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Dotnet_etcds_default_retry_policy_applies_the_same_lost_put_twice(string version)
    {
        // Why K8sBare's channels have no retry policy: the library's own constructor, on the same fault, re-sends.
        await using var cluster = await EtcdTestCluster.StartAsync(1, version);
        using var direct = cluster.CreateClient();
        using var relay = new CuttingProxy(cluster.Members[0].ClientPort);
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(cluster.Pki.CaPem);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPem(cluster.Pki.ClientPem, cluster.Pki.ClientKeyPem)];
        // The library's channel authority is static://<serverName>, so only the chain is checked here.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => EtcdTls.Check(ca, cert, SslPolicyErrors.None) is null;
        using var lib = new dotnet_etcd.EtcdClient(relay.Url.ToString().TrimEnd('/'), serverName: "127.0.0.1",
            configureChannelOptions: o => { o.HttpHandler = handler; o.Credentials = ChannelCredentials.SecureSsl; });
        await lib.GetAsync("/warm");

        relay.DropAnswers();
        var put = lib.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8("/twice/k"), Value = ByteString.CopyFromUtf8("v") });
        await WaitUntilAsync(async () => await direct.GetAsync("/twice/k") is not null, "etcd never applied the put");
        relay.CutClients();

        await put; // the library reports success...
        Assert.Equal(2, (await direct.GetAsync("/twice/k"))!.Version); // ...of a put etcd applied twice
        Assert.Equal(2, relay.Connections);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_request_waiting_for_an_answer_stops_on_cancellation(string version)
    {
        await using var rig = await StartBehindRelayAsync(version);
        var (direct, relay, client) = (rig.Direct, rig.Relay, rig.Client);
        relay.DropAnswers();
        using var cts = new CancellationTokenSource();
        var get = client.GetAsync("/k", cts.Token);
        Assert.False(get.IsCompleted); // no answer can come
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get);

        using var pre = new CancellationTokenSource();
        await pre.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("/k", pre.Token));
    }
}
