namespace K8sBare.Units;

/// <summary>
/// Thrown when options cannot be rendered: an invalid value, a removed flag for the chosen Kubernetes version,
/// a malformed unit file. <see cref="Problems"/> lists every problem, each naming its option.
/// </summary>
public sealed class UnitsException : Exception
{
    /// <summary>Creates an exception for one problem.</summary>
    public UnitsException(string option, string message)
        : this([new OptionProblem(option, message)])
    {
    }

    /// <summary>Creates an exception that carries several problems.</summary>
    public UnitsException(IReadOnlyList<OptionProblem> problems)
        : base(Format(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates an exception with a plain message (no option problems).</summary>
    public UnitsException(string message) : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates an exception with a plain message and an inner exception.</summary>
    public UnitsException(string message, Exception innerException) : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Creates an empty exception (for serializers and analyzers).</summary>
    public UnitsException() : this("K8sBare.Units failed.")
    {
    }

    /// <summary>All problems, each naming the option it concerns.</summary>
    public IReadOnlyList<OptionProblem> Problems { get; }

    /// <summary>Throws when <paramref name="problems"/> is not empty.</summary>
    public static void ThrowIfAny(IReadOnlyList<OptionProblem> problems)
    {
        if (problems.Count > 0) throw new UnitsException(problems);
    }

    private static string Format(IReadOnlyList<OptionProblem> problems) => problems.Count switch
    {
        0 => "Invalid options.",
        1 => problems[0].ToString(),
        _ => $"{problems.Count} problems:\n" + string.Join("\n", problems.Select(p => "  - " + p)),
    };
}
