namespace K8sBare.Testing;

/// <summary>What the test run may rely on: CI, root, tools on PATH.</summary>
public static class TestEnvironment
{
    /// <summary>True under CI (<c>CI=true</c>): integration tests must run and fail, never skip.</summary>
    public static bool IsCI =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("CI") == "1";

    /// <summary>True when the test process runs as root (uid 0).</summary>
    public static bool IsRoot => Environment.UserName == "root" || GetUid() == 0;

    /// <summary>Finds an executable on PATH (or an absolute path); null when absent.</summary>
    public static string? FindTool(string name)
    {
        if (Path.IsPathRooted(name)) return File.Exists(name) ? name : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/bin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Finds a tool or throws (used inside tests, so a missing tool fails under CI).</summary>
    public static string RequireTool(string name) =>
        FindTool(name) ?? throw new InvalidOperationException(
            $"'{name}' is not installed; run ./test.sh (it installs the test dependencies) or apt-get install it.");

    private static int GetUid()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        return -1;
    }
}
