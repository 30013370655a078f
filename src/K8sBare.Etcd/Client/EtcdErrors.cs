using System.Security.Authentication;
using Grpc.Core;

namespace K8sBare.Etcd;

/// <summary>How a failed gRPC call to one endpoint is classified, and the exception it becomes.</summary>
internal static class EtcdErrors
{
    /// <summary>True when the request never reached the server (connection refused, TLS handshake failed, name not resolved).</summary>
    /// <remarks>grpc-dotnet reports a refused connection as <c>Unavailable</c> but a refused TLS handshake as <c>Internal</c>.</remarks>
    public static bool NeverSent(RpcException ex) =>
        ex.StatusCode is StatusCode.Unavailable or StatusCode.Internal && (FindHttpError(ex) is HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError || ConnectRefused(ex) || Http2NeverStarted(ex));

    /// <summary>grpc-dotnet's subchannel reports a failed connect as "Error connecting to subchannel" with the bare SocketException.</summary>
    private static bool ConnectRefused(RpcException ex)
    {
        for (Exception? e = ex.Status.DebugException; e is not null; e = e.InnerException)
            if (e is System.Net.Sockets.SocketException s)
                return s.SocketErrorCode is System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostNotFound
                    or System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable
                    or System.Net.Sockets.SocketError.AddressNotAvailable or System.Net.Sockets.SocketError.TryAgain;
        return false;
    }

    /// <summary>
    /// The server closed the connection after the TLS handshake and before HTTP/2 started: etcd does that when it refuses
    /// the client certificate (with TLS 1.3 the client learns only then). .NET reports it as an IOException with
    /// HttpRequestError.Unknown, so it is recognised by its message ("... did not complete the HTTP/2 handshake").
    /// </summary>
    private static bool Http2NeverStarted(RpcException ex)
    {
        for (Exception? e = ex.Status.DebugException; e is not null; e = e.InnerException)
            if (e is IOException && e.Message.Contains("HTTP/2 handshake", StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>A short description of a transport failure, naming the TLS problem when there was one.</summary>
    public static string Describe(RpcException ex, EtcdChannel channel)
    {
        if (channel.TlsFailure is { } tls && FindHttpError(ex) == HttpRequestError.SecureConnectionError)
            return $"TLS: {tls}";
        if (Http2NeverStarted(ex))
            return channel.HasClientCertificate
                ? "TLS: etcd closed the connection right after the handshake: it refused the client certificate (not signed by its --trusted-ca-file?)"
                : "TLS: etcd closed the connection right after the handshake: it requires a client certificate (--client-cert-auth) and none was given";
        var parts = new List<string>();
        for (Exception? e = ex.Status.DebugException; e is not null; e = e.InnerException)
        {
            if (!parts.Contains(e.Message)) parts.Add(e.Message);
            if (e is AuthenticationException) parts[^1] = "TLS: " + e.Message;
        }
        var detail = ex.Status.Detail;
        return parts.Count == 0 ? detail : $"{detail} ({string.Join(" → ", parts)})";
    }

    /// <summary>The exception for an answer etcd gave (its code and message, verbatim).</summary>
    public static EtcdException FromServer(RpcException ex, Uri endpoint, string what) =>
        new((EtcdStatusCode)(int)ex.StatusCode, ex.Status.Detail,
            $"etcd {what} on {EtcdUrls.Render(endpoint)} failed: {ex.Status.Detail} (code {(int)ex.StatusCode} {ex.StatusCode}).", endpoint, ex);

    private static HttpRequestError? FindHttpError(RpcException ex)
    {
        for (Exception? e = ex.Status.DebugException; e is not null; e = e.InnerException)
            if (e is HttpRequestException h) return h.HttpRequestError;
        return null;
    }
}
