using System.Text;
using System.Text.Json;
using Gateway.Telemetry;
using Serilog;
using Serilog.Configuration;
using Serilog.Formatting.Compact;

namespace Gateway.Tests;

public sealed class ConsoleLogTests
{
    [Fact]
    public void Events_logged_together_reach_the_console_as_one_write_of_one_json_line_each()
    {
        var console = new RecordingStream();
        var logger = new LoggerConfiguration()
            .WriteTo.Sink(
                new BatchedConsoleSink(new RenderedCompactJsonFormatter(), console),
                // Nothing is written before the logger is disposed: the three events form one batch.
                new BatchingOptions { BatchSizeLimit = 100, BufferingTimeLimit = TimeSpan.FromHours(1), EagerlyEmitFirstEvent = false })
            .CreateLogger();

        logger.Information("Proxied {Task} request {Number}", "chat", 1);
        logger.Information("Proxied {Task} request {Number}", "code", 2);
        logger.Warning("Rejected {Reason}", "größer als das Limit");
        logger.Dispose();

        Assert.Single(console.Writes);
        var lines = Encoding.UTF8.GetString(console.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var events = lines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal("code", events[1].GetProperty("Task").GetString());
        Assert.Equal("Warning", events[2].GetProperty("@l").GetString());
        Assert.Equal("größer als das Limit", events[2].GetProperty("Reason").GetString());
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
