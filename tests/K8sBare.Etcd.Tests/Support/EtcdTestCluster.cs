using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Support;

/// <summary>
/// A real etcd cluster of N members on loopback (TLS, client-cert auth, fast raft timers). Dispose kills every
/// process and removes the data dirs, whatever happened.
/// </summary>
internal sealed class EtcdTestCluster : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("k8sbare-etcd");
    private readonly List<EtcdMemberProcess> _members = [];

    private EtcdTestCluster()
    {
        Pki = TestPki.Create();
        Files = Pki.WriteTo(_dir.Combine("pki"));
        Token = "k8sbare-" + Guid.NewGuid().ToString("N")[..8];
    }

    public TestPki Pki { get; }
    public TestPkiFiles Files { get; }
    public string Token { get; }
    public string BaseDir => _dir.Path;
    public IReadOnlyList<EtcdMemberProcess> Members => _members;

    public EtcdMemberProcess this[string name] => _members.Single(m => m.Name == name);

    public IReadOnlyList<Uri> ClientUrls => [.. _members.Select(m => m.ClientUrl)];

    public static async Task<EtcdTestCluster> StartAsync(int size)
    {
        var c = new EtcdTestCluster();
        try
        {
            for (var i = 0; i < size; i++) c._members.Add(new EtcdMemberProcess($"m{i}", c.BaseDir, c.Files));
            var initial = string.Join(",", c._members.Select(m => $"{m.Name}={m.PeerUrlText}"));
            foreach (var m in c._members) m.Start(initial, "new", c.Token);
            await c.WaitHealthyAsync(c._members, TimeSpan.FromSeconds(20));
            return c;
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
    }

    public EtcdClient CreateClient(IEnumerable<Uri>? endpoints = null, TimeSpan? timeout = null) =>
        new(Pki.ClientOptions(endpoints ?? ClientUrls) with { RequestTimeout = timeout ?? TimeSpan.FromSeconds(5) });

    /// <summary>A new member process (not started) with fresh ports, or reusing given ports.</summary>
    public EtcdMemberProcess NewMember(string name, int? clientPort = null, int? peerPort = null)
    {
        var m = new EtcdMemberProcess(name, BaseDir, Files, clientPort, peerPort);
        _members.Add(m);
        return m;
    }

    public void Forget(EtcdMemberProcess m)
    {
        m.Kill();
        _members.Remove(m);
    }

    public async Task WaitHealthyAsync(IEnumerable<EtcdMemberProcess> members, TimeSpan timeout)
    {
        var list = members.ToList();
        using var client = CreateClient(list.Select(m => m.ClientUrl), TimeSpan.FromSeconds(2));
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ok = true;
            foreach (var m in list)
            {
                if (!m.IsRunning)
                    throw new InvalidOperationException($"etcd {m.Name} exited ({m.ExitCode}):\n{m.LogTail()}");
                ok &= await client.IsHealthyAsync(m.ClientUrl);
            }
            if (ok) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"etcd cluster not healthy after {timeout}:\n" + string.Join("\n---\n", list.Select(m => m.Name + ":\n" + m.LogTail())));
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until an added member has started (published its name).</summary>
    public async Task WaitForStartedAsync(IEtcdClient client, ulong id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await client.ListMembersAsync()).FirstOrDefault(m => m.Id == id) is not { IsStarted: true })
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"member {EtcdMemberId.Format(id)} did not start");
            await Task.Delay(100);
        }
    }

    /// <summary>Runs etcdctl against this cluster with the client certificate.</summary>
    public Task<ToolResult> EtcdctlAsync(params string[] args) =>
        ProcessRunner.RunAsync("etcdctl",
            [$"--endpoints={string.Join(",", _members.Where(m => m.IsRunning).Select(m => m.ClientUrl.OriginalString))}",
             $"--cacert={Files.Ca}", $"--cert={Files.ClientCert}", $"--key={Files.ClientKey}", "--dial-timeout=3s", "--command-timeout=5s", .. args],
            env: new Dictionary<string, string> { ["ETCDCTL_API"] = "3" }, timeout: TimeSpan.FromSeconds(20));

    public ValueTask DisposeAsync()
    {
        foreach (var m in _members) m.Dispose();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
