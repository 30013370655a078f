using K8sBare.Units.Services;

namespace K8sBare.Units.Tests.Support;

/// <summary>A service whose arguments and environment exercise every quoting rule (blanks, quotes, backslashes, %, $, empty).</summary>
public static class TrickyService
{
    public static ServiceDefinition Create(string exec) => new()
    {
        Name = "quoting-demo",
        Description = "Quoting demo at 100% with \"quotes\" and $dollars",
        Command = new ExecCommand(exec, "--name=with space", "--pct=50%", "--dollar=$HOME", "--quote=a\"b", "--single=it's", "--backslash=c\\d", "--tick=`x`", ""),
        PreStart = [new ExecCommand(exec, "pre") { IgnoreFailure = true }],
        Environment = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["A"] = "two words", ["B"] = "x\"y", ["C"] = "100%", ["D"] = "$HOME `id`" },
        User = "etcd",   // not "nobody": systemd warns "Special user nobody configured, this is not safe!"
        Group = "etcd",
        WorkingDirectory = "/tmp",
        AmbientCapabilities = ["CAP_NET_BIND_SERVICE"],
        Limits = new ServiceLimits { NoFile = 1024, MemLock = ServiceLimits.Infinity, TasksMax = 100 },
        KillMode = KillMode.Mixed,
    };
}
