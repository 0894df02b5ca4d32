using System.Text;
using System.Text.Json;
using Gateway.Telemetry;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Gateway.Tests;

public sealed class ConsoleLogTests
{
    [Fact]
    public async Task A_batch_reaches_the_console_as_one_write_of_one_json_line_per_event()
    {
        var events = new List<LogEvent>();
        using (var logger = new LoggerConfiguration().WriteTo.Sink(new Collector(events)).CreateLogger())
        {
            logger.Information("Proxied {Task} request {Number}", "chat", 1);
            logger.Information("Proxied {Task} request {Number}", "code", 2);
            logger.Warning("Rejected {Reason}", "größer als das Limit");
        }

        var console = new RecordingStream();
        using var sink = new BatchedConsoleSink(new RenderedCompactJsonFormatter(), console);
        await sink.EmitBatchAsync(events);

        Assert.Single(console.Writes);
        var lines = Encoding.UTF8.GetString(console.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var parsed = lines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal("code", parsed[1].GetProperty("Task").GetString());
        Assert.Equal("Warning", parsed[2].GetProperty("@l").GetString());
        Assert.Equal("größer als das Limit", parsed[2].GetProperty("Reason").GetString());
    }

    private sealed class Collector(List<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Add(logEvent);
    }

    // Counts writes at the bottom: MemoryStream's asynchronous writes come through these.
    private sealed class RecordingStream : MemoryStream
    {
        public List<int> Writes { get; } = [];

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes.Add(count);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes.Add(buffer.Length);
            base.Write(buffer);
        }
    }
}
