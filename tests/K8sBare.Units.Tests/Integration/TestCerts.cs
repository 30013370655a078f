namespace K8sBare.Units.Tests.Integration;

/// <summary>A throwaway CA and a loopback server/client certificate made with the openssl CLI.</summary>
public sealed record TestCerts(string Ca, string Cert, string Key)
{
    public static async Task<TestCerts> CreateAsync(TempDirectory dir)
    {
        string caKey = dir.Combine("ca.key"), ca = dir.Combine("ca.crt"), key = dir.Combine("node.key"),
            csr = dir.Combine("node.csr"), cert = dir.Combine("node.crt"), ext = dir.Combine("ext.cnf");
        await File.WriteAllTextAsync(ext,
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n" +
            "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
        (await ProcessRunner.RunAsync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", caKey, "-out", ca, "-days", "1", "-subj", "/CN=k8sbare-test-ca"])).EnsureSuccess("openssl ca");
        (await ProcessRunner.RunAsync("openssl", ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", csr, "-subj", "/CN=k8sbare-etcd"])).EnsureSuccess("openssl csr");
        (await ProcessRunner.RunAsync("openssl", ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial",
            "-out", cert, "-days", "1", "-extfile", ext])).EnsureSuccess("openssl sign");
        return new TestCerts(ca, cert, key);
    }
}
