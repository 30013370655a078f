using System.CommandLine;
using K8sBare.Cluster.Apply;
using K8sBare.Remote.Transports;

namespace K8sBare.Cli.Commands;

/// <summary>How to reach hosts: SSH (default) or, for a dry run, the folders of a render.</summary>
internal sealed class SshOptions
{
    public Option<bool> TrustNewHostKeys { get; } = new("--trust-new-host-keys") { Description = "Record unknown SSH host keys on first connection (a changed key is still refused)." };

    public Option<DirectoryInfo?> Folder { get; } = new("--folder") { Description = "Target the host folders of a render (OUT) instead of SSH: a dry run against rendered output." };

    public void AddTo(Command command)
    {
        command.Options.Add(TrustNewHostKeys);
        command.Options.Add(Folder);
    }

    public IHostConnectionFactory Factory(ParseResult result) =>
        result.GetValue(Folder) is { } folder
            ? new DirectoryConnectionFactory(folder.FullName)
            : new SshConnectionFactory(result.GetValue(TrustNewHostKeys) ? HostKeyPolicy.TrustOnFirstUse : HostKeyPolicy.Strict);
}
