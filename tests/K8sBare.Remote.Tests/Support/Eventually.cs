namespace K8sBare.Remote.Tests;

/// <summary>
/// Waits on a condition instead of a fixed sleep or a tight cap: polls until it holds and fails naming it after a limit
/// generous enough for a loaded 2-core machine (the limit is a hang guard, never an assertion on speed).
/// </summary>
internal static class Eventually
{
    /// <summary>How long a condition may take before the test fails.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; fails with <paramref name="what"/> after <see cref="Limit"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        using var limit = new CancellationTokenSource(Limit);
        while (!await condition())
        {
            if (limit.IsCancellationRequested) Assert.Fail($"timed out after {Limit.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>As <see cref="HoldsAsync(Func{Task{bool}}, string)"/> for a local condition.</summary>
    public static Task HoldsAsync(Func<bool> condition, string what) => HoldsAsync(() => Task.FromResult(condition()), what);
}
