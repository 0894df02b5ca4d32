using System.IO.Pipelines;
using Gateway.Proxy;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Guard;

/// <summary>
/// The response body of one upstream attempt. At YARP's first write (or start) it decides, from the status
/// vLLM sent: an answer that must be validated, or a transient fault (502/503/504) that may be retried, is held
/// (bounded) and nothing reaches the client; anything else passes straight through, unbuffered, as it would
/// without the gateway. Installed as the <see cref="IHttpResponseBodyFeature"/> for the attempt only.
/// </summary>
internal sealed class AttemptResponseBody : Stream, IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _client;
    private readonly HttpResponse _response;
    private readonly bool _holdSuccess;
    private readonly long _limit;
    private readonly PassThroughObserver _observer;
    private PipeWriter? _writer;

    private readonly Action _firstByte;

    /// <param name="firstByte">Called once, when vLLM's answer begins (stops the time-to-first-byte timer).</param>
    public AttemptResponseBody(IHttpResponseBodyFeature client, HttpResponse response, bool holdSuccess, long limit, PassThroughObserver observer, Action firstByte)
    {
        _client = client;
        _response = response;
        _holdSuccess = holdSuccess;
        _limit = limit;
        _observer = observer;
        _firstByte = firstByte;
    }

    public enum Mode
    {
        Undecided,
        Holding,
        PassingThrough,
    }

    public Mode State { get; private set; }

    /// <summary>What was held, when <see cref="State"/> is <see cref="Mode.Holding"/>.</summary>
    public PooledBufferWriter? Held { get; private set; }

    /// <summary>The held answer grew past the limit; the rest was discarded.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The answer streams through as SSE (a failure mid-way can still be told in-band).</summary>
    public bool IsEventStream => State == Mode.PassingThrough && _observer.IsEventStream;

    public Stream Stream => this;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public static bool IsTransientStatus(int status) => status is 502 or 503 or 504;

    /// <summary>Forwards what a passed-through answer still holds back (an unfinished SSE event).</summary>
    public ValueTask CompletePassThroughAsync(CancellationToken cancellationToken) =>
        State == Mode.PassingThrough ? _observer.CompleteAsync(_client.Stream, cancellationToken) : ValueTask.CompletedTask;

    /// <summary>Hands the held body over to its new owner.</summary>
    public void ReleaseHeld() => Held = null;

    public void DisableBuffering() => _client.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) =>
        Decide() == Mode.PassingThrough ? _client.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        if (_writer is not null)
        {
            await _writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        Decide() == Mode.PassingThrough ? _client.Stream.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Decide() == Mode.PassingThrough)
        {
            await _observer.ForwardAsync(_response, _client.Stream, buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!Overflowed && Held!.WrittenCount + buffer.Length <= _limit)
        {
            buffer.Span.CopyTo(Held.GetSpan(buffer.Length));
            Held.Advance(buffer.Length);
            return;
        }

        // Too large for a completion: no client is served a body this size; memory stays bounded.
        Overflowed = true;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Held?.Dispose();
        }

        base.Dispose(disposing);
    }

    private Mode Decide()
    {
        if (State == Mode.Undecided)
        {
            _firstByte();
            var status = _response.StatusCode;
            var hold = (_holdSuccess && status is >= 200 and < 300) || IsTransientStatus(status);
            State = hold ? Mode.Holding : Mode.PassingThrough;
            if (hold)
            {
                Held = new PooledBufferWriter(16 * 1024);
            }
        }

        return State;
    }
}
