namespace K8sBare.Remote.Services;

/// <summary>Validation of service names (they end up in shell commands and paths).</summary>
internal static class ServiceName
{
    public static string Validate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@') || name.StartsWith('.') || name.StartsWith('-'))
            throw new ArgumentException($"'{name}' is not a valid service name; use letters, digits, '-', '_', '.', '@'.", nameof(name));
        return name;
    }
}
