#!/usr/bin/env bash
# etcd put / get / prefix read of 100 keys, in ONE BenchmarkDotNet run, against one real etcd member (mTLS):
#   gateway      — K8sBare.Etcd's old hand-written JSON-gateway client (HTTP/1.1), built from a temporary copy of
#                  the last commit that had it ($GATEWAY_COMMIT), under another assembly name
#   k8sbare      — K8sBare.Etcd today: etcd's gRPC API through dotnet-etcd (HTTP/2), with K8sBare's fail-over
#   dotnet-etcd  — dotnet-etcd's own client over the same channel, without K8sBare (the floor)
#
#   benchmarks/compare/etcd-gateway-vs-grpc.sh [etcd binary]     (default: etcd on PATH, i.e. 3.4 on bookworm)
#
# Everything is built in a temporary folder outside the repository and removed afterwards; the results table is
# printed and kept in $OUT (default /tmp/k8sbare-etcd-compare-results.md). Figures: benchmarks/results/etcd.md.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
GATEWAY_COMMIT=${GATEWAY_COMMIT:-2d2cd17}
ETCD_BIN=${1:-$(command -v etcd)}
OUT=${OUT:-/tmp/k8sbare-etcd-compare-results.md}
work=$(mktemp -d /tmp/k8sbare-etcd-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The old client, as it was, under another assembly name (its namespaces stay: an extern alias tells them apart).
mkdir -p "$work/old"
git -C "$repo" archive "$GATEWAY_COMMIT" src/K8sBare.Etcd | tar -x -C "$work/old"
old="$work/old/src/K8sBare.Etcd"
rm -rf "$old/bin" "$old/obj"
cat >"$old/K8sBare.Etcd.Gateway.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
    <AssemblyName>K8sBare.Etcd.Gateway</AssemblyName><RootNamespace>K8sBare.Etcd</RootNamespace>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally><NoWarn>$(NoWarn);CS1591</NoWarn>
  </PropertyGroup>
  <ItemGroup><PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="10.0.14" /></ItemGroup>
</Project>
EOF
rm -f "$old/K8sBare.Etcd.csproj"
printf '<Project></Project>\n' >"$work/Directory.Build.props"
printf '<Project></Project>\n' >"$work/Directory.Packages.props"

mkdir -p "$work/harness"
cat >"$work/harness/Harness.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings><Optimize>true</Optimize><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="BenchmarkDotNet" Version="0.15.8" />
    <ProjectReference Include="$old/K8sBare.Etcd.Gateway.csproj" Aliases="gateway" />
    <ProjectReference Include="$repo/src/K8sBare.Etcd/K8sBare.Etcd.csproj" />
    <ProjectReference Include="$repo/src/K8sBare.Pki/K8sBare.Pki.csproj" />
  </ItemGroup>
</Project>
EOF
cat >"$work/harness/Program.cs" <<'EOF'
extern alias gateway;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Etcdserverpb;
using Google.Protobuf;
using K8sBare.Etcd;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;
using Old = gateway::K8sBare.Etcd;

BenchmarkSwitcher.FromAssembly(typeof(EtcdClients).Assembly).Run(args);

public enum Client { Gateway, K8sBare, DotnetEtcd }

[MemoryDiagnoser]
public class EtcdClients
{
    [Params(Client.Gateway, Client.K8sBare, Client.DotnetEtcd)]
    public Client Client { get; set; }

    private Process _etcd = null!;
    private string _dir = null!;
    private Old.EtcdClient _old = null!;
    private K8sBare.Etcd.EtcdClient _new = null!;
    private dotnet_etcd.EtcdClient _raw = null!;
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("etcd-bench").FullName;
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "bench-ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = TimeSpan.FromDays(1) });
        using var server = ca.Issue(new CertificateSpec { CommonName = "etcd", Usage = CertificateUsage.ServerAndClient, IpAddresses = ["127.0.0.1"], KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = TimeSpan.FromDays(1) });
        using var client = ca.Issue(new CertificateSpec { CommonName = "client", Usage = CertificateUsage.Client, KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = TimeSpan.FromDays(1) });
        File.WriteAllText(Path.Combine(_dir, "ca.crt"), ca.CertificatePem);
        File.WriteAllText(Path.Combine(_dir, "s.crt"), server.CertificatePem);
        File.WriteAllText(Path.Combine(_dir, "s.key"), server.KeyPem());
        int Port() { using var l = new TcpListener(IPAddress.Loopback, 0); l.Start(); return ((IPEndPoint)l.LocalEndpoint).Port; }
        int c = Port(), p = Port();
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("ETCD_BIN") ?? "etcd") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--name=b", $"--data-dir={_dir}/data", $"--listen-client-urls=https://127.0.0.1:{c}", $"--advertise-client-urls=https://127.0.0.1:{c}",
                     $"--listen-peer-urls=http://127.0.0.1:{p}", $"--initial-advertise-peer-urls=http://127.0.0.1:{p}", $"--initial-cluster=b=http://127.0.0.1:{p}",
                     "--client-cert-auth", $"--trusted-ca-file={_dir}/ca.crt", $"--cert-file={_dir}/s.crt", $"--key-file={_dir}/s.key", "--log-level=error" })
            psi.ArgumentList.Add(a);
        _etcd = Process.Start(psi)!;
        _etcd.OutputDataReceived += (_, _) => { }; _etcd.ErrorDataReceived += (_, _) => { };
        _etcd.BeginOutputReadLine(); _etcd.BeginErrorReadLine();
        Uri[] eps = [new($"https://127.0.0.1:{c}")];
        _old = new Old.EtcdClient(Old.EtcdClientOptions.FromPem(eps, ca.CertificatePem, client.CertificatePem, client.KeyPem()));
        var options = K8sBare.Etcd.EtcdClientOptions.FromPem(eps, ca.CertificatePem, client.CertificatePem, client.KeyPem());
        _new = new K8sBare.Etcd.EtcdClient(options);
        // dotnet-etcd's own client over one channel with the same TLS settings and no retry policy.
        var h = new SocketsHttpHandler();
        h.SslOptions.ClientCertificates = [options.ClientCertificate!];
        var caSet = options.TrustedCa!;
        h.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
        {
            using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
            chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(caSet);
            chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            return chain.Build((System.Security.Cryptography.X509Certificates.X509Certificate2)cert!);
        };
        _raw = new dotnet_etcd.EtcdClient(Grpc.Net.Client.GrpcChannel.ForAddress(eps[0], new() { HttpHandler = h }).CreateCallInvoker());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try { _new.PutAsync("/bench/get", "value").GetAwaiter().GetResult(); break; }
            catch (EtcdException) when (DateTime.UtcNow < deadline) { Thread.Sleep(200); }
        }
        for (var i = 0; i < 100; i++) _new.PutAsync($"/bench/list/{i:D3}", "value").GetAwaiter().GetResult();
        Get(); GetPrefix100(); Put(); // warm every client's connection
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _old.Dispose(); _new.Dispose(); _raw.Dispose();
        _etcd.Kill(true); _etcd.WaitForExit();
        Directory.Delete(_dir, true);
    }

    [Benchmark]
    public long Put()
    {
        var key = "/bench/put/" + (_n++ % 1000);
        return Client switch
        {
            Client.Gateway => _old.PutAsync(key, "value").GetAwaiter().GetResult(),
            Client.K8sBare => _new.PutAsync(key, "value").GetAwaiter().GetResult(),
            _ => _raw.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8("value") }).GetAwaiter().GetResult().Header.Revision,
        };
    }

    [Benchmark]
    public int Get() => Client switch
    {
        Client.Gateway => _old.GetAsync("/bench/get").GetAwaiter().GetResult()!.Value.Length,
        Client.K8sBare => _new.GetAsync("/bench/get").GetAwaiter().GetResult()!.Value.Length,
        _ => _raw.GetAsync(new RangeRequest { Key = ByteString.CopyFromUtf8("/bench/get") }).GetAwaiter().GetResult().Kvs[0].Value.Length,
    };

    [Benchmark]
    public int GetPrefix100() => Client switch
    {
        Client.Gateway => _old.GetPrefixAsync("/bench/list/").GetAwaiter().GetResult().Count,
        Client.K8sBare => _new.GetPrefixAsync("/bench/list/").GetAwaiter().GetResult().Count,
        _ => _raw.GetAsync(new RangeRequest { Key = ByteString.CopyFromUtf8("/bench/list/"), RangeEnd = ByteString.CopyFromUtf8("/bench/list0") }).GetAwaiter().GetResult().Kvs.Count,
    };
}
EOF
cd "$work/harness"
echo "etcd: $("$ETCD_BIN" --version | head -n1); old client from $GATEWAY_COMMIT; load: $(cut -d' ' -f1-3 /proc/loadavg)"
ETCD_BIN="$ETCD_BIN" dotnet run -c Release -- --filter '*EtcdClients*' --job short --inProcess --exporters github >"$OUT.log" 2>&1 || { tail -n 60 "$OUT.log"; exit 1; }
tail -n 40 "$OUT.log"
cp "$work/harness/BenchmarkDotNet.Artifacts/results/"*EtcdClients*-report-github.md "$OUT"
echo "results: $OUT"
