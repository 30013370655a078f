namespace K8sBare.Cli;

/// <summary>
/// The exit codes of every verb (one home; the root help and README.md list them): <see cref="Ok"/>,
/// <see cref="Failed"/>, <see cref="Refused"/>, <see cref="Cancelled"/>.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The verb did what was asked (a check found nothing wrong, a plan found nothing unsafe).</summary>
    public const int Ok = 0;

    /// <summary>The operation ran and failed, or a check found a problem (an expiring certificate, an incomplete reset).</summary>
    public const int Failed = 1;

    /// <summary>Refused before anything changed: bad input (inventory, options, files), an unsafe request, nothing to do where something was asked.</summary>
    public const int Refused = 2;

    /// <summary>Cancelled (Ctrl+C); run the same command again to finish.</summary>
    public const int Cancelled = 130;

    /// <summary>The text the root help shows.</summary>
    public const string Help = "Exit codes: 0 ok; 1 the operation failed or a check found a problem; 2 refused before anything changed (bad input, unsafe request); 130 cancelled.";
}
