using System.Text;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;
using K8sBare.Testing;

namespace K8sBare.Remote.Tests;

public sealed class ShellScriptTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("it's")]
    [InlineData("a b  c")]
    [InlineData("$HOME `id` \"q\" \\ ;|&<>*?[]")]
    [InlineData("")]
    [InlineData("line1\nline2")]
    public async Task Quote_round_trips_through_a_real_shell(string value)
    {
        var r = await ProcessRunner.RunAsync("sh", ["-c", "printf %s " + ShellQuote.Quote(value)]);
        Assert.Equal(value, r.EnsureSuccess("sh").StdOut);
    }

    [Fact]
    public async Task A_truncated_batch_script_writes_nothing()
    {
        using var dir = new TempDirectory("k8sb-trunc");
        var target = dir.Combine("f.txt");
        File.WriteAllText(target, "old");
        var script = ShellScripts.BatchWrite([RemoteFile.FromText(target, new string('n', 20000)), RemoteFile.FromText(dir.Combine("g.txt"), "g")]);
        foreach (var cut in new[] { script.Length / 3, script.Length / 2, script.Length - 30 })
        {
            var r = await ProcessRunner.RunAsync("sh", ["-s"], stdin: script[..cut]);
            Assert.NotEqual(0, r.ExitCode);
            Assert.Equal("old", File.ReadAllText(target));
            Assert.Equal([target], Directory.GetFiles(dir.Path));
        }
        var ok = await ProcessRunner.RunAsync("sh", ["-s"], stdin: script);
        Assert.Equal(0, ok.EnsureSuccess("batch").ExitCode);
        Assert.Equal(new string('n', 20000), File.ReadAllText(target));
    }

    [Fact]
    public void Batch_script_is_byte_stable_and_carries_no_plain_content()
    {
        var files = new[] { RemoteFile.FromText("/etc/x", "PLAIN-SECRET", FileModes.Private, "root:root") };
        var a = ShellScripts.BatchWrite(files);
        Assert.Equal(a, ShellScripts.BatchWrite(files));
        Assert.DoesNotContain("PLAIN-SECRET", a);
        Assert.DoesNotContain("\r", a);
    }

    [Fact]
    public async Task Atomic_write_script_refuses_short_input()
    {
        using var dir = new TempDirectory("k8sb-short");
        var target = dir.Combine("t");
        File.WriteAllText(target, "old");
        var content = Encoding.UTF8.GetBytes("new content");
        var script = ShellScripts.AtomicWriteFromStdin(target, content.Length, FileHash.Sha256Hex(content), FileModes.Default, null, true);
        var shortRun = await ProcessRunner.RunAsync("sh", ["-c", script], stdin: "new");
        Assert.Equal(90, shortRun.ExitCode);
        Assert.Contains("interrupted", shortRun.StdErr);
        Assert.Equal("old", File.ReadAllText(target));
        var badRun = await ProcessRunner.RunAsync("sh", ["-c", script], stdin: "NEW CONTENT");
        Assert.Equal(91, badRun.ExitCode);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(dir.Path));
        (await ProcessRunner.RunAsync("sh", ["-c", script], stdin: "new content")).EnsureSuccess("write");
        Assert.Equal("new content", File.ReadAllText(target));
    }

    [Fact]
    public void FileModes_parse_and_format()
    {
        Assert.Equal("0644", FileModes.Format(FileModes.Parse("644")));
        Assert.Equal("0600", FileModes.Format(FileModes.Private));
        Assert.Throws<FormatException>(() => FileModes.Parse("0899"));
        Assert.Throws<FormatException>(() => FileModes.Parse("17777"));
        Assert.Throws<ArgumentException>(() => RemoteFile.FromText("relative/path", ""));
    }
}
