using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Support;

/// <summary>
/// A real etcd cluster of N members of one release on loopback (TLS, client-cert auth). Dispose kills every
/// process and removes the data dirs, whatever happened.
/// </summary>
internal sealed class EtcdTestCluster : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("k8sbare-etcd");
    private readonly List<EtcdMemberProcess> _members = [];

    private EtcdTestCluster(string version)
    {
        Version = version;
        Pki = TestPki.Create();
        Files = Pki.WriteTo(_dir.Combine("pki"));
        Token = "k8sbare-" + Guid.NewGuid().ToString("N")[..8];
    }

    /// <summary>
    /// Membership bounds that fit the test timers (election timeout 2 s, so an election after killing the leader takes
    /// 2–4 s, more on a loaded machine): re-check an unhealthy cluster for up to 15 s before refusing.
    /// </summary>
    public static EtcdMembershipOptions MembershipOptions { get; } = new()
    {
        UnhealthyGracePeriod = TimeSpan.FromSeconds(15), HealthTimeout = TimeSpan.FromSeconds(60), PromoteTimeout = TimeSpan.FromSeconds(120),
    };

    public string Version { get; }
    public TestPki Pki { get; }
    public TestPkiFiles Files { get; }
    public string Token { get; }
    public string BaseDir => _dir.Path;
    public IReadOnlyList<EtcdMemberProcess> Members => _members;

    public EtcdMemberProcess this[string name] => _members.Single(m => m.Name == name);

    public IReadOnlyList<Uri> ClientUrls => [.. _members.Select(m => m.ClientUrl)];

    /// <summary>Starts <paramref name="size"/> members; a start that loses a port race is redone on new ports.</summary>
    public static async Task<EtcdTestCluster> StartAsync(int size, string version, params string[] extraFlags)
    {
        var c = new EtcdTestCluster(version);
        try
        {
            for (var i = 0; i < size; i++) c._members.Add(new EtcdMemberProcess($"m{i}", version, c.BaseDir, c.Files));
            for (var attempt = 1; ; attempt++)
            {
                var initial = string.Join(",", c._members.Select(m => $"{m.Name}={m.PeerUrlText}"));
                foreach (var m in c._members) m.Start(initial, "new", c.Token, extraFlags);
                try
                {
                    await c.WaitHealthyAsync(c._members, TimeSpan.FromSeconds(60));
                    return c;
                }
                catch (InvalidOperationException) when (attempt < 4 && c._members.Any(m => m.LostPortRace))
                {
                    foreach (var m in c._members) m.PickNewPorts();
                }
            }
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
    }

    public EtcdClient CreateClient(IEnumerable<Uri>? endpoints = null, TimeSpan? timeout = null) =>
        new(Pki.ClientOptions(endpoints ?? ClientUrls) with { RequestTimeout = timeout ?? TimeSpan.FromSeconds(10) });

    /// <summary>A client authenticated as another identity (certificate CN), for the auth tests.</summary>
    public EtcdClient CreateClientAs(string commonName, IEnumerable<Uri>? endpoints = null) =>
        new(Pki.ClientOptionsAs(commonName, endpoints ?? ClientUrls) with { RequestTimeout = TimeSpan.FromSeconds(10) });

    /// <summary>A new member process (not started) with fresh ports, or reusing given ports.</summary>
    public EtcdMemberProcess NewMember(string name, int? clientPort = null, int? peerPort = null)
    {
        var m = new EtcdMemberProcess(name, Version, BaseDir, Files, clientPort, peerPort);
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
        using var client = CreateClient(list.Select(m => m.ClientUrl), TimeSpan.FromSeconds(3));
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
    public static async Task WaitForStartedAsync(IEtcdClient client, EtcdMemberId id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await client.ListMembersAsync()).FirstOrDefault(m => m.Id == id) is not { IsStarted: true })
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"member {id} did not start");
            await Task.Delay(100);
        }
    }

    /// <summary>Runs this release's etcdctl against this cluster with the client certificate.</summary>
    public Task<ToolResult> EtcdctlAsync(params string[] args) =>
        ProcessRunner.RunAsync(EtcdServers.Etcdctl(Version),
            [$"--endpoints={string.Join(",", _members.Where(m => m.IsRunning).Select(m => m.ClientUrl.OriginalString))}",
             $"--cacert={Files.Ca}", $"--cert={Files.ClientCert}", $"--key={Files.ClientKey}", "--dial-timeout=5s", "--command-timeout=10s", .. args],
            env: new Dictionary<string, string> { ["ETCDCTL_API"] = "3" }, timeout: TimeSpan.FromSeconds(30));

    public ValueTask DisposeAsync()
    {
        foreach (var m in _members) m.Dispose();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
