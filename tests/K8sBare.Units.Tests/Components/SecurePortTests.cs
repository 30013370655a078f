using K8sBare.Units.Components;
using K8sBare.Units.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace K8sBare.Units.Tests.Components;

/// <summary>
/// Every component that serves a secure port authenticates its callers and asks the apiserver (or its own client CA)
/// who may do what: without <c>--authentication-kubeconfig</c> a controller-manager or scheduler answers 403 to
/// everyone on /metrics and /healthz details (the scheduler was rendered so). The end-to-end test on the test bed
/// checks the same ports with real binaries.
/// </summary>
public sealed class SecurePortTests
{
    public static TheoryData<string> Versions() => new() { "1.20", "1.23", "1.24", "1.32", "1.34" };

    [Theory]
    [MemberData(nameof(Versions))]
    public void Controller_manager_and_scheduler_delegate_authentication_and_authorization(string version)
    {
        var v = KubernetesVersion.Parse(version);
        foreach (var (name, args, kubeconfig) in new[]
        {
            ("kube-controller-manager", (SampleCluster.ControllerManager with { Version = v }).ToArgs(), SampleCluster.ControllerManager.Kubeconfig),
            ("kube-scheduler", (SampleCluster.Scheduler with { Version = v }).ToArgs(), SampleCluster.Scheduler.Kubeconfig),
        })
        {
            Assert.True(args.Contains($"--authentication-kubeconfig={kubeconfig}"), $"{name} {version}: no --authentication-kubeconfig: {string.Join(' ', args)}");
            Assert.True(args.Contains($"--authorization-kubeconfig={kubeconfig}"), $"{name} {version}: no --authorization-kubeconfig: {string.Join(' ', args)}");
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Kubelet_refuses_anonymous_callers_and_asks_the_apiserver(string version)
    {
        var kubelet = SampleCluster.Kubelet with { Version = KubernetesVersion.Parse(version) };
        var stream = new YamlStream();
        stream.Load(new StringReader(kubelet.RenderConfigFiles()[0].Content));
        var y = (YamlMappingNode)stream.Documents[0].RootNode;
        var auth = (YamlMappingNode)y["authentication"];
        Assert.Equal("false", ((YamlScalarNode)((YamlMappingNode)auth["anonymous"])["enabled"]).Value);
        Assert.Equal("true", ((YamlScalarNode)((YamlMappingNode)auth["webhook"])["enabled"]).Value);
        Assert.NotEmpty(((YamlScalarNode)((YamlMappingNode)auth["x509"])["clientCAFile"]).Value!);
        Assert.Equal("Webhook", ((YamlScalarNode)((YamlMappingNode)y["authorization"])["mode"]).Value);
    }

    [Fact]
    public void Apiserver_authenticates_client_certificates_and_authorizes_with_rbac()
    {
        var args = SampleCluster.ApiServer.ToArgs();
        Assert.Contains(args, a => a.StartsWith("--client-ca-file=/", StringComparison.Ordinal));
        Assert.Contains(args, a => a.StartsWith("--authorization-mode=", StringComparison.Ordinal) && a.Contains("RBAC", StringComparison.Ordinal));
        Assert.DoesNotContain(args, a => a.StartsWith("--anonymous-auth=true", StringComparison.Ordinal));
    }
}
