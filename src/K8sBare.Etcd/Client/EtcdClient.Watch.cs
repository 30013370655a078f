using System.Runtime.CompilerServices;
using Etcdserverpb;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace K8sBare.Etcd;

public sealed partial class EtcdClient
{
    /// <summary>How many times in a row a broken watch stream is reopened without receiving anything.</summary>
    private const int WatchReconnectAttempts = 3;

    /// <inheritdoc />
    /// <remarks>
    /// When the serving member goes away the watch is reopened on the next endpoint from the revision after the
    /// last event seen, so no event is lost or repeated; after <c>3</c> reconnects in a row without progress it
    /// throws <see cref="EtcdException"/>.
    /// </remarks>
    public async IAsyncEnumerable<EtcdWatchEvent> WatchPrefixAsync(string prefix, long startRevision = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var next = startRevision;
        var failures = 0;
        var index = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var channel = _pool.Get(Endpoints[index % Endpoints.Count]);
            var ep = channel.Endpoint;
            EtcdException? broken = null;
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var call = channel.Client.GetConnection().WatchClient.Watch(null, null, cts.Token))
            {
                var create = new WatchCreateRequest
                {
                    Key = EtcdKeys.Encode(prefix),
                    RangeEnd = EtcdKeys.PrefixRangeEnd(prefix),
                    StartRevision = next,
                    PrevKv = true,
                };
                broken = await WatchStepAsync(() => call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, cts.Token),
                    prefix, channel, cancellationToken).ConfigureAwait(false);
                while (broken is null)
                {
                    var moved = false;
                    broken = await WatchStepAsync(async () => moved = await call.ResponseStream.MoveNext(cts.Token).ConfigureAwait(false),
                        prefix, channel, cancellationToken).ConfigureAwait(false);
                    if (broken is not null) break;
                    if (!moved)
                    {
                        broken = new EtcdException(EtcdStatusCode.Unavailable, "stream ended",
                            $"The watch on '{prefix}' at {EtcdUrls.Render(ep)} ended (the member closed the stream).", ep);
                        break;
                    }
                    var r = call.ResponseStream.Current;
                    if (r.Canceled)
                    {
                        var why = r.CompactRevision > 0
                            ? $"revision {next} was compacted (oldest available: {r.CompactRevision}); re-read the prefix and watch from its revision + 1"
                            : string.IsNullOrEmpty(r.CancelReason) ? "cancelled by the server" : r.CancelReason;
                        throw new EtcdException(r.CompactRevision > 0 ? EtcdStatusCode.OutOfRange : EtcdStatusCode.Cancelled, why,
                            $"The watch on '{prefix}' at {EtcdUrls.Render(ep)} was cancelled: {why}.", ep);
                    }
                    // A watch "from now" learns its position from the first header, so a reconnect resumes there.
                    if (next == 0 && r.Header is { Revision: > 0 } h) next = h.Revision + 1;
                    foreach (var e in r.Events)
                    {
                        if (e.Kv is null) continue;
                        var ev = new EtcdWatchEvent
                        {
                            Type = e.Type == Mvccpb.Event.Types.EventType.Delete ? EtcdWatchEventType.Delete : EtcdWatchEventType.Put,
                            Kv = EtcdMapper.ToKeyValue(e.Kv),
                            PrevKv = e.PrevKv is null ? null : EtcdMapper.ToKeyValue(e.PrevKv),
                        };
                        next = ev.Revision + 1;
                        failures = 0;
                        yield return ev;
                    }
                }
                await cts.CancelAsync().ConfigureAwait(false);
            }
            if (++failures > WatchReconnectAttempts) throw broken;
            index++;
            _log.LogDebug("Watch on {Prefix} at {Endpoint} broke ({Error}); reopening from revision {Revision}", prefix, ep, broken.EtcdMessage, next);
        }
    }

    /// <summary>Runs one read or write of the watch stream; a broken stream becomes an exception to reconnect on.</summary>
    private static async Task<EtcdException?> WatchStepAsync(Func<Task> step, string prefix, EtcdChannel channel, CancellationToken ct)
    {
        try
        {
            await step().ConfigureAwait(false);
            return null;
        }
        catch (RpcException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled)
        {
            return new EtcdException(EtcdStatusCode.Unavailable, ex.Status.Detail,
                $"The watch on '{prefix}' at {EtcdUrls.Render(channel.Endpoint)} was interrupted ({EtcdErrors.Describe(ex, channel)}).", channel.Endpoint, ex);
        }
        catch (RpcException ex)
        {
            throw EtcdErrors.FromServer(ex, channel.Endpoint, $"watch on '{prefix}'");
        }
        catch (InvalidOperationException ex) when (!ct.IsCancellationRequested)
        {
            // Writing to a call that already failed.
            return new EtcdException(EtcdStatusCode.Unavailable, ex.Message,
                $"The watch on '{prefix}' at {EtcdUrls.Render(channel.Endpoint)} was interrupted ({ex.Message}).", channel.Endpoint, ex);
        }
    }
}
