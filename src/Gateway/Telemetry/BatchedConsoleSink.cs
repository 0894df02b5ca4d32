using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Gateway.Telemetry;

/// <summary>
/// Writes log events to standard output in batches, from Serilog's background batching worker: a request only
/// enqueues its event, and the console gets one buffered write per batch instead of a locked write and flush
/// (a system call) per line: about 35 µs less CPU per proxied request (docs/performance.md).
/// </summary>
internal sealed class BatchedConsoleSink : IBatchedLogEventSink, IDisposable
{
    private readonly ITextFormatter _formatter;
    private readonly StreamWriter _output;

    public BatchedConsoleSink(ITextFormatter formatter, Stream output)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(output);
        _formatter = formatter;
        _output = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024) { AutoFlush = false };
    }

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        foreach (var logEvent in batch)
        {
            _formatter.Format(logEvent, _output);
        }

        await _output.FlushAsync().ConfigureAwait(false);
    }

    public void Dispose() => _output.Dispose();
}
