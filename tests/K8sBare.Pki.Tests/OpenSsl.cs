using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

/// <summary>Small wrappers over the openssl CLI used to check what K8sBare generates.</summary>
internal static class OpenSsl
{
    public static string Text(string certPath) =>
        ProcessRunner.Run("openssl", "x509", "-in", certPath, "-noout", "-text").EnsureSuccess("openssl x509 -text").StdOut;

    public static ToolResult Verify(string caPath, string certPath) =>
        ProcessRunner.Run("openssl", "verify", "-CAfile", caPath, certPath);

    public static string Subject(string certPath) =>
        ProcessRunner.Run("openssl", "x509", "-in", certPath, "-noout", "-subject", "-nameopt", "RFC2253").EnsureSuccess("openssl x509 -subject").StdOut.Trim();
}
