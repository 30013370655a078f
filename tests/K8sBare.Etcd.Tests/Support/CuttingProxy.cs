using System.Net;
using System.Net.Sockets;

namespace K8sBare.Etcd.Tests.Support;

/// <summary>
/// A loopback TCP relay in front of a real etcd, for injecting the one fault a real member cannot be made to show on
/// demand: a request that reaches etcd whose answer never comes back. <see cref="DropAnswers"/> stops relaying
/// etcd → client on the open connections (client → etcd still flows, so requests arrive and are applied);
/// <see cref="CutClients"/> then resets those client connections. New connections relay normally. The relay binds
/// port 0 itself, so there is no port race.
/// </summary>
internal sealed class CuttingProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Link> _links = [];
    private readonly Lock _gate = new();

    public CuttingProxy(int targetPort, string listenAddress = "127.0.0.1")
    {
        _listener = new TcpListener(IPAddress.Parse(listenAddress), 0);
        _target = targetPort;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public Uri Url => new($"https://{((IPEndPoint)_listener.LocalEndpoint).Address}:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Connections accepted so far.</summary>
    public int Connections { get { lock (_gate) return _links.Count; } }

    /// <summary>From now on, answers on the connections open now are dropped.</summary>
    public void DropAnswers()
    {
        lock (_gate) foreach (var l in _links) l.Drop = true;
    }

    /// <summary>Resets the client side of every connection whose answers are dropped (etcd's side stays open).</summary>
    public void CutClients()
    {
        lock (_gate)
        {
            foreach (var l in _links.Where(l => l.Drop && !l.Cut))
            {
                l.Cut = true;
                l.Client.Client.LingerState = new LingerOption(true, 0); // RST, not FIN
                l.Client.Close();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            var server = new TcpClient();
            try { await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token); }
            catch (Exception)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            var link = new Link(client, server);
            lock (_gate) _links.Add(link);
            _ = PumpAsync(client, server, link, answers: false);
            _ = PumpAsync(server, client, link, answers: true);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, Link link, bool answers)
    {
        var buf = new byte[64 * 1024];
        try
        {
            var src = from.GetStream();
            var dst = to.GetStream();
            while (true)
            {
                var n = await src.ReadAsync(buf, _stop.Token);
                if (n == 0) break;
                if (answers && link.Drop) continue;
                await dst.WriteAsync(buf.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception)
        {
        }
        if (!link.Drop)
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var l in _links)
            {
                l.Client.Dispose();
                l.Server.Dispose();
            }
        }
        _stop.Dispose();
    }

    private sealed class Link(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;
        public TcpClient Server { get; } = server;
        public volatile bool Drop;
        public volatile bool Cut;
    }
}
