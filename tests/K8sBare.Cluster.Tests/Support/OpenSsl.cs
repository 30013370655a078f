using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Support;

/// <summary>Certificate checks with the openssl command line.</summary>
internal static class OpenSsl
{
    /// <summary><c>openssl verify -CAfile ca cert</c> says OK.</summary>
    public static async Task AssertVerifiesAsync(string ca, string cert, string what)
    {
        var r = await ProcessRunner.RunAsync("openssl", ["verify", "-CAfile", ca, cert]);
        Assert.True(r.ExitCode == 0 && r.StdOut.TrimEnd().EndsWith(": OK", StringComparison.Ordinal), $"{what}: openssl verify: {r.StdOut}{r.StdErr}");
    }

    /// <summary>The certificate's public key is the key file's public key.</summary>
    public static async Task AssertKeyMatchesAsync(string cert, string key, string what)
    {
        var fromCert = (await ProcessRunner.RunAsync("openssl", ["x509", "-in", cert, "-noout", "-pubkey"])).EnsureSuccess("x509 -pubkey " + what).StdOut;
        var fromKey = (await ProcessRunner.RunAsync("openssl", ["pkey", "-in", key, "-pubout"])).EnsureSuccess("pkey -pubout " + what).StdOut;
        Assert.True(fromCert.Length > 0 && fromCert == fromKey, $"{what}: the key does not belong to the certificate");
    }
}
