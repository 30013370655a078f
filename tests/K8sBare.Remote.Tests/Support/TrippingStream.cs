namespace K8sBare.Remote.Tests;

/// <summary>A seekable stream of a fixed byte that can run a callback (e.g. kill the connection) after N bytes were read.</summary>
public sealed class TrippingStream(long length, long tripAfter, Func<Task> onTrip, byte fill = (byte)'x') : Stream
{
    private long _position;
    private bool _tripped;
    private int _reads;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => Seek(value, SeekOrigin.Begin); }

    /// <summary>True once the callback ran (the cut really happened mid-upload).</summary>
    public bool Tripped => _tripped;

    /// <summary>Counts passes: the first pass (hashing) never trips; the upload pass does.</summary>
    public int Passes { get; private set; } = 1;

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        if (n <= 0) return 0;
        if (Passes > 1 && !_tripped && _position + n > tripAfter)
        {
            _tripped = true;
            await onTrip();
            cancellationToken.ThrowIfCancellationRequested();
        }
        buffer.Span[..n].Fill(fill);
        _position += n;
        _reads++;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        _position = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset };
        if (_position == 0 && _reads > 0) Passes++;
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
