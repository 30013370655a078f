using K8sBare.Remote.Errors;
using K8sBare.Remote.Transports;

namespace K8sBare.Remote.Tests;

/// <summary>
/// How the OpenSSH transport reads ssh's exit 255. The stderr lines are OpenSSH's own (mux.c, clientloop.c, sshconnect.c).
/// The first case is what the contract's mid-upload cut produced now and then on Debian 13: the mux client saw the master
/// die under it ("read from master failed: Connection reset by peer") and the error said the host could not be reached,
/// without "the file keeps its old content".
/// </summary>
public sealed class SshErrorClassifierTests
{
    private static readonly OpenSshOptions Options = new() { Host = "192.0.2.10" };

    [Theory]
    [InlineData("mux_client_read_packet: read from master failed: Connection reset by peer")]
    [InlineData("client_loop: send disconnect: Connection reset by peer")]
    [InlineData("Read from remote host 192.0.2.10: Connection reset by peer")]
    [InlineData("Connection to 192.0.2.10 closed by remote host.")]
    public void A_connection_that_breaks_under_a_running_command_is_lost_and_the_file_keeps_its_old_content(string stderr)
    {
        var ex = Assert.IsType<HostUnreachableException>(SshErrorClassifier.Classify("n1", "root@192.0.2.10:22", Options, 255, stderr, duringCommand: true));
        Assert.StartsWith("lost the SSH connection to host 'n1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("keeps its old content", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh: connect to host 192.0.2.10 port 22: Connection refused", true)]
    [InlineData("kex_exchange_identification: read: Connection reset by peer", true)]
    [InlineData("ssh: connect to host 192.0.2.10 port 22: Connection timed out", false)]
    [InlineData("kex_exchange_identification: Connection closed by remote host", false)]
    [InlineData("mux_client_read_packet: read from master failed: Connection reset by peer", false)]
    public void A_host_that_cannot_be_reached_is_reported_as_such(string stderr, bool duringCommand)
    {
        // when connecting (or reconnecting for a command after the master died) the words of a failed connect decide
        var ex = Assert.IsType<HostUnreachableException>(SshErrorClassifier.Classify("n1", "root@192.0.2.10:22", Options, 255, stderr, duringCommand));
        Assert.StartsWith("cannot reach host 'n1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_commands_own_exit_255_is_no_transport_failure() =>
        Assert.Null(SshErrorClassifier.Classify("n1", "root@192.0.2.10:22", Options, 255, "my tool failed\n", duringCommand: true));
}
