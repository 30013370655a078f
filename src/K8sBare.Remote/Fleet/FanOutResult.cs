using K8sBare.Remote.Errors;

namespace K8sBare.Remote.Fleet;

/// <summary>The per-host results of a fan-out step, in the order the hosts were given.</summary>
/// <typeparam name="T">The step's value type.</typeparam>
/// <param name="Step">The step's name.</param>
/// <param name="Hosts">One result per host.</param>
public sealed record FanOutResult<T>(string Step, IReadOnlyList<HostResult<T>> Hosts)
{
    /// <summary>True when every host succeeded.</summary>
    public bool Succeeded => Hosts.All(h => h.Succeeded);

    /// <summary>The hosts that failed.</summary>
    public IReadOnlyList<HostResult<T>> Failures => [.. Hosts.Where(h => h.State == HostStepState.Failed)];

    /// <summary>Throws an <see cref="AggregateException"/> of every host's failure (each names its host) unless all succeeded.</summary>
    public FanOutResult<T> EnsureSuccess()
    {
        if (Succeeded) return this;
        var failures = Failures;
        var errors = failures.Select(f => f.Error ?? new RemoteException(f.Host, $"step '{Step}' failed on host '{f.Host}'.")).ToList();
        var notRun = Hosts.Count(h => h.State is HostStepState.Cancelled or HostStepState.Skipped);
        throw new AggregateException(
            $"step '{Step}' failed on {failures.Count} of {Hosts.Count} host(s): {string.Join(", ", failures.Select(f => f.Host))}" +
            (notRun > 0 ? $"; {notRun} host(s) cancelled or skipped" : ""), errors);
    }
}
