using K8sBare.Units.Components;

namespace K8sBare.Cluster.Rendering;

/// <summary>kube-apiserver, kube-controller-manager and kube-scheduler (components.md §1).</summary>
internal static class ControlPlaneRendering
{
    public static void Add(RenderContext ctx, HostArtifactsBuilder host)
    {
        var node = host.Node;
        if (!ComponentPlacement.Runs(ctx.Spec, node, ClusterComponent.KubeApiserver)) return;
        var l = ctx.Layout;
        var spec = ctx.Spec;

        var apiserver = new KubeApiServerOptions
        {
            Version = ctx.Kubernetes,
            AdvertiseAddress = node.Address,
            SecurePort = spec.ApiEndpoint.Port,
            ClientCaFile = l.ClusterCaCertificate,
            TlsCertFile = l.ApiServerCertificate,
            TlsPrivateKeyFile = l.ApiServerKey,
            EtcdServers = ctx.EtcdClientUrls,
            EtcdCaFile = l.EtcdCaCertificateForClients,
            EtcdCertFile = l.ApiServerEtcdClientCertificate,
            EtcdKeyFile = l.ApiServerEtcdClientKey,
            KubeletClientCertificate = l.ApiServerKubeletClientCertificate,
            KubeletClientKey = l.ApiServerKubeletClientKey,
            KubeletCertificateAuthority = l.ClusterCaCertificate,
            ServiceClusterIpRange = spec.Network.ServiceCidr,
            ServiceAccountIssuer = $"https://kubernetes.default.svc.{spec.Network.ClusterDomain}",
            ServiceAccountKeyFile = l.ServiceAccountPublicKey,
            ServiceAccountSigningKeyFile = l.ServiceAccountPrivateKey,
            FrontProxy = new FrontProxyOptions
            {
                RequestHeaderClientCaFile = l.FrontProxyCaCertificate,
                ProxyClientCertFile = l.FrontProxyClientCertificate,
                ProxyClientKeyFile = l.FrontProxyClientKey,
            },
            BinaryPath = RenderContext.BinaryPath("kube-apiserver"),
            ExtraArgs = spec.ExtraArgsFor("kube-apiserver"),
            After = node.IsEtcd ? ["etcd"] : [],
        };
        if (spec.Pki.EncryptSecretsAtRest)
        {
            var encryption = new EncryptionConfiguration { SecretBase64 = ctx.Options.SecretsEncryptionKey! };
            host.AddFile(RenderContext.ToArtifact(encryption.Render(), ClusterComponent.KubeApiserver, Artifacts.ArtifactKind.Config));
            apiserver = apiserver with { EncryptionProviderConfig = encryption.Path };
        }
        ctx.AddComponent(host, ClusterComponents.KubeApiserver, apiserver);

        var controllerManager = new KubeControllerManagerOptions
        {
            Version = ctx.Kubernetes,
            Kubeconfig = l.ControllerManagerKubeconfig,
            ClusterName = spec.Name,
            // flannel with its config in etcd allocates node subnets itself; the controller-manager must not
            // hand out a second, different set of pod CIDRs.
            AllocateNodeCidrs = false,
            ClusterCidr = spec.Network.PodCidr,
            ServiceClusterIpRange = spec.Network.ServiceCidr,
            ClusterSigningCertFile = l.ClusterCaCertificate,
            ClusterSigningKeyFile = l.ClusterCaKey,
            RootCaFile = l.ClusterCaCertificate,
            ServiceAccountPrivateKeyFile = l.ServiceAccountPrivateKey,
            BinaryPath = RenderContext.BinaryPath("kube-controller-manager"),
            ExtraArgs = spec.ExtraArgsFor("kube-controller-manager"),
        };
        ctx.AddComponent(host, ClusterComponents.KubeControllerManager, controllerManager);

        var scheduler = new KubeSchedulerOptions
        {
            Version = ctx.Kubernetes,
            Kubeconfig = l.SchedulerKubeconfig,
            BinaryPath = RenderContext.BinaryPath("kube-scheduler"),
            ExtraArgs = spec.ExtraArgsFor("kube-scheduler"),
        };
        ctx.AddComponent(host, ClusterComponents.KubeScheduler, scheduler);
    }
}
