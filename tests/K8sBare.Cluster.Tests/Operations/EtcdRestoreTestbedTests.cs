using System.Security.Cryptography.X509Certificates;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Management;
using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Tests.EndToEnd;
using K8sBare.Etcd;
using K8sBare.Testing;
using K8sBare.Testing.Kubernetes;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.Operations;

/// <summary>
/// Backup and restore through the cluster entry point (<see cref="ClusterManager"/>) on real hosts and a real control
/// plane: Kubernetes 1.20.2 (apiserver, controller-manager, scheduler built from Debian's source) and the hosts' etcd
/// 3.5 (systemd, TLS, auth on, Secrets encrypted at rest) applied on host "old"; a namespace, ConfigMaps and a Secret
/// created through the API with kubectl; a backup over the network; the old host killed; the snapshot restored onto
/// three other hosts with new addresses (cp-1, the control plane, on new-1; etcd-only members on new-2 and new-3;
/// certificates re-issued) by the product's restore, which then applies the cluster. Judged from outside: kubectl
/// with the admin kubeconfig the restore wrote, at the new address, serves every object with its UID and data; the
/// three members report one cluster ID and none knows the old peer URL; a new object is written. A second restore
/// onto hosts that now hold data is refused with nothing changed, and runs with consent (old data moved aside).
/// </summary>
public sealed class EtcdRestoreTestbedTests(ITestOutputHelper output) : IDisposable
{
    private const string Label = "k8sbare-test=restore";
    private static readonly string[] NewHosts = ["new-1", "new-2", "new-3"];
    private readonly TempDirectory _dir = new("k8sbare-restore");

    public void Dispose() => _dir.Dispose();

    [RequiresFact("systemd-nspawn", "debootstrap", "kubectl", Root = true)]
    public async Task Kubernetes_objects_survive_a_backup_restored_onto_new_hosts_with_new_addresses_and_a_restore_refuses_to_overwrite_data()
    {
        var kube = await KubernetesBinaries.EnsureAsync();
        await using var tb = await Testbed.StartAsync(new TestbedOptions { SystemdHosts = ["old", .. NewHosts] });
        var manager = new ClusterManagerBuilder().UsePkiDirectory(_dir.Combine("pki")).UseConnections(new SshConnectionFactory()).Build();
        var containerd = await TestbedSpecs.HostContainerdVersionAsync(tb, "old");
        var day1 = RealKubernetesSpecs.ControlPlane("bk", tb, kube, containerd, "old");

        // ---- day 1: a real control plane on "old"; objects created through the API.
        var applied = await manager.ApplyAsync(day1);
        var k1 = await Kubectl.ForAdminAsync(applied, _dir.Combine("old.kubeconfig"), output);
        await k1.RunAsync(["create", "namespace", "keep"]);
        await k1.RunAsync(["label", "namespace", "keep", Label]);
        for (var i = 0; i < 20; i++)
            await k1.ApplyAsync(ConfigMap("keep", $"cm-{i:00}", $"value-{i}"));
        await k1.ApplyAsync(ConfigMap("default", "in-default", "default-value"));
        await k1.RunAsync(["create", "secret", "generic", "token", "-n", "keep", "--from-literal=password=s3cr3t-before-backup"]);
        await k1.RunAsync(["label", "secret", "token", "-n", "keep", Label]);
        // The token controller signs keep's default service-account token with the PKI store's service-account key.
        await k1.WaitAsync(["get", "serviceaccount", "default", "-n", "keep", "-o", "jsonpath={.secrets[0].name}"], o => o.Trim().Length > 0, TimeSpan.FromMinutes(3));
        var tokenSecret = (await k1.RunAsync(["get", "serviceaccount", "default", "-n", "keep", "-o", "jsonpath={.secrets[0].name}"])).Trim();
        var saToken = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(await k1.RunAsync(["get", "secret", tokenSecret, "-n", "keep", "-o", "jsonpath={.data.token}"])));
        var objects = await ObjectsAsync(k1);
        output.WriteLine($"created before the backup:\n{objects}");
        Assert.Equal(23, objects.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var backups = _dir.Combine("backups");
        var backup = await manager.BackupEtcdAsync(day1, new EtcdBackupOptions { Folder = backups, Retain = 3 });
        output.WriteLine($"backup: {backup.Snapshot.Path} {backup.Snapshot.Size} bytes from {backup.Endpoint} in {backup.Duration.TotalMilliseconds:0} ms");
        Assert.Equal(new Uri($"https://{tb["old"].Address}:2379"), backup.Endpoint);
        var oldPeer = $"https://{tb["old"].Address}:2380";

        // ---- the old host dies; the cluster comes back on three other hosts (cp-1 keeps its name, not its address).
        await tb["old"].KillAsync();
        var day2 = RealKubernetesSpecs.ControlPlane("bk", tb, kube, containerd, "new-1", "new-2", "new-3");
        var options = new EtcdRestoreOptions { Snapshot = backup.Snapshot.Path, Apply = manager.OptionsFor(day2) };
        output.WriteLine((await EtcdRestore.PlanAsync(day2, options)).ToString());
        var result = await manager.EtcdRestore.RestoreAsync(day2, options);
        output.WriteLine($"restore: {result.Duration.TotalSeconds:0.0} s");
        Assert.Equal(["cp-1", "etcd-2", "etcd-3"], result.Restored.Where(r => r.Value).Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Empty(result.MovedAside);

        // The admin kubeconfig the restore wrote names the new address; kubectl with it serves every object created
        // before, with its UID (the same objects, not look-alikes) and its data; the Secret decrypts with the key of the PKI store.
        var adminKubeconfig = result.Started.Artifacts!.OperatorFiles["admin.kubeconfig"].Content;
        Assert.Contains($"https://{tb["new-1"].Address}:6443", adminKubeconfig, StringComparison.Ordinal);
        Assert.DoesNotContain(tb["old"].Address, adminKubeconfig, StringComparison.Ordinal);
        var k = await Kubectl.ForAdminAsync(result.Started, _dir.Combine("new.kubeconfig"), output);
        Assert.Equal(objects, await ObjectsAsync(k));
        Assert.Equal("value-7", await k.RunAsync(["get", "configmap", "cm-07", "-n", "keep", "-o", "jsonpath={.data.value}"]));
        Assert.Equal("default-value", await k.RunAsync(["get", "configmap", "in-default", "-o", "jsonpath={.data.value}"]));
        var secret = await k.RunAsync(["get", "secret", "token", "-n", "keep", "-o", "jsonpath={.data.password}"]);
        Assert.Equal("s3cr3t-before-backup", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret)));
        // A service-account token issued before the backup still authenticates at the new apiserver (same signing key):
        // RBAC then forbids the listing, naming the service account (an unknown token would be 401 Unauthorized).
        var caFile = _dir.Combine("ca.crt");
        var ca = await k.RunAsync(["config", "view", "--raw", "-o", "jsonpath={.clusters[0].cluster.certificate-authority-data}"]);
        await File.WriteAllBytesAsync(caFile, Convert.FromBase64String(ca));
        var asSa = await ProcessRunner.RunAsync("kubectl", ["--kubeconfig", "/dev/null", "--server", $"https://{tb["new-1"].Address}:6443", "--certificate-authority", caFile,
            "--token", saToken, "--request-timeout=20s", "get", "configmaps", "-n", "keep"], null, TimeSpan.FromSeconds(60));
        output.WriteLine($"as keep's default service account: {asSa.StdErr}{asSa.StdOut}");
        Assert.Contains("\"system:serviceaccount:keep:default\" cannot list resource \"configmaps\"", asSa.StdErr, StringComparison.Ordinal);

        // The apiserver at the new address talks to the new members only.
        var args = (await tb["new-1"].ExecAsync("tr '\\0' ' ' < /proc/$(pgrep -x kube-apiserver)/cmdline")).EnsureSuccess("kube-apiserver's command line").StdOut;
        Assert.Contains("--etcd-servers=" + string.Join(",", NewHosts.Select(h => $"https://{tb[h].Address}:2379")), args, StringComparison.Ordinal);
        Assert.DoesNotContain(tb["old"].Address, args, StringComparison.Ordinal);

        // etcd: one cluster, three members at the new peer URLs, none at the old one; the Secret is stored encrypted.
        using (var p = await K8sBare.Cluster.Rendering.ClusterRenderer.LoadPkiAsync(day2, manager.PkiDirectoryOf(day2)))
        using (var admin = EtcdAccess.CreateAdmin(p, EtcdAccess.Endpoints(day2), null))
        {
            var statuses = await Task.WhenAll(day2.EtcdNodes.Select(n => admin.GetStatusAsync(new Uri($"https://{n.Address}:2379"))));
            foreach (var s in statuses) output.WriteLine($"{s.Endpoint}: member {s.MemberId} cluster {s.ClusterId:x} leader {s.Leader}");
            Assert.Single(statuses.Select(s => s.ClusterId).Distinct());
            Assert.Single(statuses.Select(s => s.Leader).Distinct());
            var members = await admin.ListMembersAsync();
            Assert.Equal(["cp-1", "etcd-2", "etcd-3"], members.Select(m => m.Name).Order(StringComparer.Ordinal));
            Assert.Equal(NewHosts.Select(h => $"https://{tb[h].Address}:2380"),
                members.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => m.PeerUrls.Single().OriginalString.TrimEnd('/')));
            Assert.DoesNotContain(members.SelectMany(m => m.PeerUrls.Concat(m.ClientUrls)), u => u.OriginalString.Contains(tb["old"].Address, StringComparison.Ordinal));
            Assert.All(await admin.CheckMembersHealthAsync(), h => Assert.True(h.Healthy, h.Error));
            var stored = (await admin.GetAsync("/registry/secrets/keep/token"))?.Value;
            Assert.NotNull(stored);
            Assert.StartsWith("k8s:enc:aescbc:v1:", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t-before-backup", stored, StringComparison.Ordinal);
        }
        // cp-1's etcd server certificate was re-issued for its new address (same CA).
        var pem = (await tb["new-1"].ExecAsync("cat /etc/etcd/server.pem")).EnsureSuccess("cat server.pem").StdOut;
        using (var cert = X509Certificate2.CreateFromPem(pem))
        {
            var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Select(a => a.ToString()).ToList();
            Assert.Contains(tb["new-1"].Address, san);
            Assert.DoesNotContain(tb["old"].Address, san);
        }

        // A new object is written and read back.
        await k.ApplyAsync(ConfigMap("keep", "after-restore", "yes"));
        Assert.Equal("yes", await k.RunAsync(["get", "configmap", "after-restore", "-n", "keep", "-o", "jsonpath={.data.value}"]));

        // ---- a later snapshot restored onto hosts that hold etcd data without consent: refused, nothing changed.
        var second = await manager.BackupEtcdAsync(day2, new EtcdBackupOptions { Folder = backups, Retain = 3 });
        await k.ApplyAsync(ConfigMap("keep", "after-second-backup", "not in the snapshot"));
        var before = await StateAsync(tb);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => manager.EtcdRestore.RestoreAsync(day2, options with { Snapshot = second.Snapshot.Path }));
        output.WriteLine(refused.Message);
        Assert.Contains("nothing was changed", refused.Message, StringComparison.Ordinal);
        foreach (var n in new[] { "cp-1", "etcd-2", "etcd-3" }) Assert.Contains($"{n}: /var/lib/etcd already holds etcd data", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(tb));
        Assert.Equal("not in the snapshot", await k.RunAsync(["get", "configmap", "after-second-backup", "-n", "keep", "-o", "jsonpath={.data.value}"]));

        // ---- with consent the same restore runs: the old data dirs are moved aside (kept); the API serves the later
        // snapshot's state: the object written after the first restore is there, the one written after the second backup is not.
        var replaced = await manager.EtcdRestore.RestoreAsync(day2, options with { Snapshot = second.Snapshot.Path, ReplaceExistingData = true });
        Assert.Equal(["cp-1", "etcd-2", "etcd-3"], replaced.MovedAside.Keys.Order(StringComparer.Ordinal));
        foreach (var (node, host) in new[] { ("cp-1", "new-1"), ("etcd-2", "new-2"), ("etcd-3", "new-3") })
            (await tb[host].ExecAsync($"test -d {replaced.MovedAside[node]}/member")).EnsureSuccess("old data kept aside on " + host);
        Assert.Equal("yes", await k.RunAsync(["get", "configmap", "after-restore", "-n", "keep", "-o", "jsonpath={.data.value}"]));
        Assert.Contains("NotFound", await TryAsync(k, ["get", "configmap", "after-second-backup", "-n", "keep"]), StringComparison.Ordinal);
        // ... also in the apiserver's watch cache (a list at resourceVersion 0 is served from it): an apiserver left
        // running across the restore keeps serving the state from before it (Kubernetes' restore procedure stops them).
        var cached = await k.RunAsync(["get", "--raw", "/api/v1/namespaces/keep/configmaps?resourceVersion=0"]);
        Assert.Contains("\"after-restore\"", cached, StringComparison.Ordinal);
        Assert.DoesNotContain("after-second-backup", cached, StringComparison.Ordinal);
        Assert.Equal(objects, await ObjectsAsync(k));
    }

    private static string ConfigMap(string ns, string name, string value) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}
          labels:
            k8sbare-test: restore
        data:
          value: "{value}"
        """;

    /// <summary>Every labelled object (namespace, ConfigMaps, Secret) with its UID, one a line, sorted.</summary>
    private static async Task<string> ObjectsAsync(Kubectl k)
    {
        var o = await k.RunAsync(["get", "namespaces,configmaps,secrets", "-A", "-l", Label, "-o", "jsonpath={range .items[*]}{.kind} {.metadata.namespace}/{.metadata.name} {.metadata.uid}{\"\\n\"}{end}"]);
        return string.Join('\n', o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("after-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    private static async Task<string> TryAsync(Kubectl k, string[] args)
    {
        try
        {
            return await k.RunAsync(args);
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>What a refused restore must leave alone: etcd's PID, the data dirs and K8sBare's restore dir on every new host.</summary>
    private static async Task<string> StateAsync(Testbed tb)
    {
        var parts = new List<string>();
        foreach (var h in NewHosts)
        {
            var r = await tb[h].ExecAsync("systemctl show -p MainPID --value etcd; ls -d /var/lib/etcd* ; ls -la /var/lib/k8sbare/restore; find /var/lib/etcd -type f | sort");
            parts.Add(h + ":\n" + r.StdOut);
        }
        return string.Join("\n", parts);
    }
}
