using K8sBare.Testing;

namespace K8sBare.Remote.Tests.Testbed;

/// <summary>The system's OpenSSH client, as the smoke tests use it.</summary>
internal static class SshClient
{
    public static Task<ToolResult> RunAsync(string sshConfig, string host, string command, params string[] extraOptions) =>
        ProcessRunner.RunAsync("ssh", ["-F", sshConfig, .. extraOptions, host, command], timeout: TimeSpan.FromSeconds(60));
}
