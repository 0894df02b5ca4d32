using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Profiles.Decoding;
using Gateway.Profiles.Requests;

namespace Gateway.Profiles.Tests.Requests;

public sealed class RequestBodyWriterTests
{
    private static string Write(CompletionRequest request, BodyRewrite rewrite)
    {
        var output = new ArrayBufferWriter<byte>();
        RequestBodyWriter.Write(request, rewrite, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static List<string> Names(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void Unknown_fields_are_kept_byte_for_byte()
    {
        const string custom = """{"a": [1, 2.50, 1e3, "\u00e9t\u00e9 é"], "b" : null}""";
        const string messages = """[{"role":"user","content":"caf\u00e9 \"q\""}]""";
        using var request = Bodies.Chat($$"""{"model":"m","messages":{{messages}},"x_custom":{{custom}},"temperature":1.5}""");
        var written = Write(request, new BodyRewrite(new DecodingParameters(Temperature: 0.3)));
        Assert.Contains($"\"x_custom\":{custom}", written, StringComparison.Ordinal);
        Assert.Contains($"\"messages\":{messages}", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_controlled_field_is_written_once_with_its_effective_value()
    {
        using var request = Bodies.Chat("""{"messages":[{"role":"user","content":"hi"}],"temperature":1.5,"top_p":0.5,"max_tokens":10,"seed":1}""");
        var effective = new DecodingParameters(0.3, 0.95, 20, 0.05, 0.1, 0.2, 1.05, 256);
        var written = Write(request, new BodyRewrite(effective, Seed: 42));
        var names = Names(written);
        Assert.Equal(names.Count, names.Distinct().Count());
        var root = JsonDocument.Parse(written).RootElement;
        Assert.Equal(0.3, root.GetProperty("temperature").GetDouble());
        Assert.Equal(0.95, root.GetProperty("top_p").GetDouble());
        Assert.Equal(20, root.GetProperty("top_k").GetInt32());
        Assert.Equal(0.05, root.GetProperty("min_p").GetDouble());
        Assert.Equal(0.1, root.GetProperty("frequency_penalty").GetDouble());
        Assert.Equal(0.2, root.GetProperty("presence_penalty").GetDouble());
        Assert.Equal(1.05, root.GetProperty("repetition_penalty").GetDouble());
        Assert.Equal(256, root.GetProperty("max_tokens").GetInt32());
        Assert.Equal(42, root.GetProperty("seed").GetInt64());
    }

    [Fact]
    public void Max_completion_tokens_keeps_the_clients_field_name()
    {
        using var request = Bodies.Chat("""{"messages":[{"role":"user","content":"hi"}],"max_completion_tokens":10}""");
        var names = Names(Write(request, new BodyRewrite(new DecodingParameters(MaxTokens: 64))));
        Assert.Contains("max_completion_tokens", names);
        Assert.DoesNotContain("max_tokens", names);
    }

    [Fact]
    public void Unstated_fields_and_the_clients_seed_are_left_alone()
    {
        using var request = Bodies.Chat("""{"messages":[{"role":"user","content":"hi"}],"seed":7}""");
        var written = Write(request, new BodyRewrite(new DecodingParameters(Temperature: 0.7)));
        Assert.Equal(["messages", "seed", "temperature"], Names(written));
        Assert.Equal(7, JsonDocument.Parse(written).RootElement.GetProperty("seed").GetInt32());
    }
}
