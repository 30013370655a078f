using System.Runtime.CompilerServices;
using System.Text.Json;
using K8sBare.Etcd.Protocol;

namespace K8sBare.Etcd;

public sealed partial class EtcdClient
{
    /// <inheritdoc />
    public async IAsyncEnumerable<EtcdWatchEvent> WatchPrefixAsync(string prefix, long startRevision = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var req = new WatchRequestDto
        {
            CreateRequest = new WatchCreateRequestDto
            {
                Key = EtcdKeys.Encode(prefix),
                RangeEnd = EtcdKeys.PrefixRangeEnd(prefix),
                StartRevision = startRevision,
                PrevKv = true,
            },
        };
        var (resp, ep) = await _transport.OpenStreamAsync(V3 + "watch", req, EtcdJsonContext.Default.WatchRequestDto, cancellationToken)
            .ConfigureAwait(false);
        using (resp)
        {
            var stream = await resp.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            // Reading a network stream may ignore the token: closing the response unblocks it.
            using var reg = cancellationToken.Register(static r => ((HttpResponseMessage)r!).Dispose(), resp);
            using var reader = new StreamReader(stream);
            while (true)
            {
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (IOException ex)
                {
                    throw new EtcdException(EtcdStatusCode.Unavailable, ex.Message,
                        $"The watch on '{prefix}' at {ep} was interrupted ({ex.Message}); watch again from the last revision seen + 1.", ep, ex);
                }
                if (line is null)
                    throw new EtcdException(EtcdStatusCode.Unavailable, "stream ended",
                        $"The watch on '{prefix}' at {ep} ended (the member closed the stream); watch again from the last revision seen + 1.", ep);
                if (line.Length == 0) continue;
                var env = JsonSerializer.Deserialize(line, EtcdJsonContext.Default.WatchEnvelopeDto);
                if (env?.Error is { } err)
                    throw new EtcdException((EtcdStatusCode)err.Code, err.Message ?? err.Error ?? "",
                        $"The watch on '{prefix}' at {ep} failed: {err.Message ?? err.Error} (code {err.Code}).", ep);
                var r = env?.Result;
                if (r is null) continue;
                if (r.Canceled)
                {
                    var why = r.CompactRevision > 0
                        ? $"revision {startRevision} was compacted (oldest available: {r.CompactRevision}); re-read the prefix and watch from its revision + 1"
                        : r.CancelReason ?? "cancelled by the server";
                    throw new EtcdException(r.CompactRevision > 0 ? EtcdStatusCode.OutOfRange : EtcdStatusCode.Cancelled, why,
                        $"The watch on '{prefix}' at {ep} was cancelled: {why}.", ep);
                }
                if (r.Events is null) continue;
                foreach (var e in r.Events)
                {
                    if (e.Kv is null) continue;
                    yield return new EtcdWatchEvent
                    {
                        Type = e.Type == "DELETE" || e.Type == "1" ? EtcdWatchEventType.Delete : EtcdWatchEventType.Put,
                        Kv = EtcdMapper.ToKeyValue(e.Kv),
                        PrevKv = e.PrevKv is null ? null : EtcdMapper.ToKeyValue(e.PrevKv),
                    };
                }
            }
        }
    }
}
