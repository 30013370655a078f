namespace K8sBare.Units.Systemd;

/// <summary>
/// One <c>Key=Value</c> line of a unit file. <see cref="Value"/> is the logical value exactly as systemd reads it
/// (already quoted/escaped, continuation lines joined by one space). Keys may repeat (e.g. <c>Environment=</c>).
/// </summary>
/// <param name="Key">The directive name, e.g. <c>ExecStart</c>.</param>
/// <param name="Value">The raw logical value.</param>
public sealed record UnitDirective(string Key, string Value)
{
    /// <summary>A directive holding a command line (<c>ExecStart=</c> etc.), quoted the way systemd splits it.</summary>
    /// <param name="key">e.g. <c>ExecStart</c>.</param>
    /// <param name="path">Absolute executable path.</param>
    /// <param name="arguments">Arguments, one per argv entry.</param>
    /// <param name="ignoreFailure">Prefix the command with <c>-</c>.</param>
    public static UnitDirective Exec(string key, string path, IEnumerable<string> arguments, bool ignoreFailure = false) =>
        new(key, (ignoreFailure ? "-" : "") + SystemdQuoting.JoinCommand(path, arguments));

    /// <summary>An <c>Environment=</c> directive for one variable, quoted when needed.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="value">The value (see <see cref="SystemdQuoting.EnvironmentAssignment"/>).</param>
    public static UnitDirective Environment(string name, string value) =>
        new("Environment", SystemdQuoting.EnvironmentAssignment(name, value));

    /// <inheritdoc />
    public override string ToString() => $"{Key}={Value}";
}
