using System.CommandLine;
using K8sBare.Cli.Views;

namespace K8sBare.Cli.Commands;

/// <summary>
/// One home for how every verb ends on an error: the message (and, for K8sBare's errors, the field and the fix)
/// through <see cref="ResultView.Error"/> and its exit code, instead of a try/catch in each verb.
/// </summary>
internal static class CommandAction
{
    public static Func<ParseResult, CancellationToken, Task<int>> Async(Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (result, ct) =>
        {
            try
            {
                return await action(result, ct);
            }
            catch (Exception ex)
            {
                return ResultView.Error(ex);
            }
        };

    public static Func<ParseResult, int> Sync(Func<ParseResult, int> action) =>
        result =>
        {
            try
            {
                return action(result);
            }
            catch (Exception ex)
            {
                return ResultView.Error(ex);
            }
        };
}
