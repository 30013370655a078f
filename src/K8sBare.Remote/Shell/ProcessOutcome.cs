namespace K8sBare.Remote.Shell;

/// <summary>The raw outcome of a local client process (sh or ssh).</summary>
internal sealed record ProcessOutcome(int ExitCode, byte[] StdOut, string StdErr, TimeSpan Duration, bool TimedOut);
