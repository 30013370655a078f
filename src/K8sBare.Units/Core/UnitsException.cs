namespace K8sBare.Units;

/// <summary>
/// Thrown when options cannot be rendered: an invalid value, a removed flag for the chosen Kubernetes version,
/// a malformed unit file. <see cref="Problems"/> lists every problem, each naming its option.
/// </summary>
public sealed class UnitsException : Exception
{
    /// <summary>Creates an exception for one problem.</summary>
    /// <param name="option">The option's name as the caller sees it, e.g. <c>KubeApiServerOptions.SecurePort</c>.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    public UnitsException(string option, string message)
        : this([new OptionProblem(option, message)])
    {
    }

    /// <summary>Creates an exception that carries several problems.</summary>
    /// <param name="problems">Every problem found, each naming its option; the message lists them one per line.</param>
    public UnitsException(IReadOnlyList<OptionProblem> problems)
        : base(Format(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates an exception with a plain message (no option problems).</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public UnitsException(string message) : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates an exception with a plain message and an inner exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The underlying failure (e.g. a parse error).</param>
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
    /// <param name="problems">The result of a <c>Validate()</c> call.</param>
    /// <exception cref="UnitsException"><paramref name="problems"/> is not empty; <see cref="Problems"/> carries them all.</exception>
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
