namespace K8sBare.Testing.Testbed;

/// <summary>What a testbed needs on this machine, and the tool lists for <see cref="RequiresFactAttribute"/>.</summary>
public static class TestbedRequirements
{
    /// <summary>Tools light hosts need.</summary>
    public static readonly IReadOnlyList<string> LightTools = ["ip", "sshd", "ssh", "ssh-keygen", "nsenter", "unshare", "setsid"];

    /// <summary>Tools booted (systemd/OpenRC) hosts need in addition.</summary>
    public static readonly IReadOnlyList<string> BootedTools = ["systemd-nspawn", "debootstrap"];

    /// <summary>Why a testbed cannot start here, or null when it can. Always null under CI (CI=true): there the
    /// testbed must start, and a failure fails the tests instead of skipping them.</summary>
    public static string? SkipReason(bool booted)
    {
        if (TestEnvironment.IsCI) return null;
        var missing = LightTools.Concat(booted ? BootedTools : []).Where(t => TestEnvironment.FindTool(t) is null).ToList();
        var reasons = new List<string>();
        if (!TestEnvironment.IsRoot) reasons.Add("the testbed needs root (network namespaces, bridge, systemd-nspawn)");
        if (missing.Count > 0) reasons.Add($"missing tools: {string.Join(", ", missing)} (./test.sh installs them)");
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }
}
