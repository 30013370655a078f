using System.Runtime.CompilerServices;
using System.Text.Json;
using K8sBare.Etcd.Protocol;
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
        while (true)
        {
            var req = new WatchRequestDto
            {
                CreateRequest = new WatchCreateRequestDto
                {
                    Key = EtcdKeys.Encode(prefix),
                    RangeEnd = EtcdKeys.PrefixRangeEnd(prefix),
                    StartRevision = next,
                    PrevKv = true,
                },
            };
            var (resp, ep) = await _transport.OpenStreamAsync(V3 + "watch", req, EtcdJsonContext.Default.WatchRequestDto, cancellationToken)
                .ConfigureAwait(false);
            EtcdException? broken = null;
            using (resp)
            {
                var stream = await resp.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                // Reading a network stream may ignore the token: closing the response unblocks it.
                using var reg = cancellationToken.Register(static r => ((HttpResponseMessage)r!).Dispose(), resp);
                using var reader = new StreamReader(stream);
                while (broken is null)
                {
                    var (line, error) = await ReadWatchLineAsync(reader, prefix, ep, cancellationToken).ConfigureAwait(false);
                    if (error is not null) { broken = error; break; }
                    if (line!.Length == 0) continue;
                    var r = ParseWatchLine(line, prefix, ep, next);
                    // A watch "from now" learns its position from the first header, so a reconnect resumes there.
                    if (next == 0 && r?.Header is { Revision: > 0 } h) next = h.Revision + 1;
                    if (r?.Events is null) continue;
                    foreach (var e in r.Events)
                    {
                        if (e.Kv is null) continue;
                        var ev = new EtcdWatchEvent
                        {
                            Type = e.Type == "DELETE" || e.Type == "1" ? EtcdWatchEventType.Delete : EtcdWatchEventType.Put,
                            Kv = EtcdMapper.ToKeyValue(e.Kv),
                            PrevKv = e.PrevKv is null ? null : EtcdMapper.ToKeyValue(e.PrevKv),
                        };
                        next = ev.Revision + 1;
                        failures = 0;
                        yield return ev;
                    }
                }
            }
            if (++failures > WatchReconnectAttempts) throw broken;
            _log.LogDebug("Watch on {Prefix} at {Endpoint} broke ({Error}); reopening from revision {Revision}", prefix, ep, broken.EtcdMessage, next);
        }
    }

    private static async Task<(string? Line, EtcdException? Error)> ReadWatchLineAsync(StreamReader reader, string prefix, Uri ep, CancellationToken ct)
    {
        try
        {
            var line = await reader.ReadLineAsync(ct).ConfigureAwait(false);
            return line is null
                ? (null, new EtcdException(EtcdStatusCode.Unavailable, "stream ended",
                    $"The watch on '{prefix}' at {ep} ended (the member closed the stream).", ep))
                : (line, null);
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException(ct);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return (null, new EtcdException(EtcdStatusCode.Unavailable, ex.Message, $"The watch on '{prefix}' at {ep} was interrupted ({ex.Message}).", ep, ex));
        }
    }

    private static WatchResponseDto? ParseWatchLine(string line, string prefix, Uri ep, long from)
    {
        var env = JsonSerializer.Deserialize(line, EtcdJsonContext.Default.WatchEnvelopeDto);
        if (env?.Error is { } err)
            throw new EtcdException((EtcdStatusCode)err.Code, err.Message ?? err.Error ?? "",
                $"The watch on '{prefix}' at {ep} failed: {err.Message ?? err.Error} (code {err.Code}).", ep);
        var r = env?.Result;
        if (r is { Canceled: true })
        {
            var why = r.CompactRevision > 0
                ? $"revision {from} was compacted (oldest available: {r.CompactRevision}); re-read the prefix and watch from its revision + 1"
                : r.CancelReason ?? "cancelled by the server";
            throw new EtcdException(r.CompactRevision > 0 ? EtcdStatusCode.OutOfRange : EtcdStatusCode.Cancelled, why,
                $"The watch on '{prefix}' at {ep} was cancelled: {why}.", ep);
        }
        return r;
    }
}
