using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Benchmarks;

/// <summary>Realistic chat/completions bodies, built deterministically.</summary>
public static class Bodies
{
    public const string Chat1K = "chat-1KB";
    public const string Conversation100K = "conversation-100KB";
    public const string Prompt1MEnglish = "prompt-1MB-en";
    public const string Prompt1MChinese = "prompt-1MB-zh";
    public const string Prompt1MChineseEscaped = "prompt-1MB-zh-escaped";

    public static IEnumerable<string> All => [Chat1K, Conversation100K, Prompt1MEnglish, Prompt1MChinese, Prompt1MChineseEscaped];

    private const string Model = "Qwen/Qwen2.5-7B-Instruct";

    private const string EnglishParagraph =
        "The quarterly operations review covered capacity, incidents and cost. Traffic grew by eighteen percent, mostly from the "
        + "mobile clients, and the p99 latency of the search service stayed under the agreed objective for eleven of the twelve weeks. "
        + "The one breach followed a configuration change that halved the connection pool of the ranking tier; it was rolled back "
        + "within forty minutes. Storage cost rose faster than traffic because log retention was extended for the audit. ";

    private const string ChineseParagraph =
        "本季度运营回顾涵盖了容量、故障和成本三个方面。流量增长了百分之十八，主要来自移动客户端，搜索服务的第九十九百分位延迟在十二周中有十一周"
        + "保持在约定目标以内。唯一一次超标发生在一次配置变更之后，该变更将排序层的连接池减半，四十分钟内即被回滚。由于审计要求延长了日志保留期，"
        + "存储成本的增长快于流量。";

    public static byte[] Build(string name) => name switch
    {
        Chat1K => Chat(),
        Conversation100K => Conversation(100 * 1024),
        Prompt1MEnglish => SinglePrompt("Summarize the following report in five bullet points:\n\n", EnglishParagraph, 1024 * 1024, escapeNonAscii: false),
        Prompt1MChinese => SinglePrompt("请用五个要点总结以下报告：\n\n", ChineseParagraph, 1024 * 1024, escapeNonAscii: false),
        Prompt1MChineseEscaped => SinglePrompt("请用五个要点总结以下报告：\n\n", ChineseParagraph, 1024 * 1024, escapeNonAscii: true),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    // An SDK-shaped request of about 1 KB: a system prompt, a question, a few stated decoding values.
    private static byte[] Chat() => Write(escapeNonAscii: false, w =>
    {
        w.WriteString("model", Model);
        w.WriteStartArray("messages");
        Message(w, "system", "You are a helpful assistant for the operations team. Answer briefly and say when you are unsure.");
        Message(w, "user",
            "We are planning the move of our staging environment to a second region next month. The team is small (four people), "
            + "the services are mostly stateless HTTP APIs behind a load balancer, and there is one PostgreSQL database of about "
            + "200 GB with a read replica. What would you check first, in what order, and which risks would you raise with the "
            + "product owners before we fix a date? We would also like to know whether it is reasonable to keep the old region "
            + "running in parallel for two weeks, and how you would decide when to switch the DNS over. Our budget is limited, "
            + "so please point out which steps are worth their cost and which ones we could skip for a staging environment.");
        w.WriteEndArray();
        w.WriteNumber("temperature", 0.7);
        w.WriteNumber("max_tokens", 512);
        w.WriteBoolean("stream", false);
    });

    // A long multi-turn conversation: user and assistant turns of about 1 KB each, some with code, ending with a short follow-up.
    private static byte[] Conversation(int targetBytes) => Write(escapeNonAscii: false, w =>
    {
        w.WriteString("model", Model);
        w.WriteStartArray("messages");
        Message(w, "system", "You are a senior engineer helping a colleague review and improve a service.");
        var size = 0;
        for (var turn = 0; size < targetBytes - 2048; turn++)
        {
            var user = turn % 3 == 0
                ? $"Turn {turn}: here is the handler again after the change, does it still leak connections?\n```csharp\n"
                  + "public async Task<Order> LoadAsync(int id)\n{\n    using var connection = await _factory.OpenAsync();\n"
                  + "    var order = await connection.QuerySingleAsync<Order>(\"select * from orders where id = @id\", new { id });\n"
                  + "    return order;\n}\n```\n" + EnglishParagraph
                : $"Turn {turn}: thanks. " + EnglishParagraph + EnglishParagraph;
            var assistant = $"Answer {turn}: the connection is disposed at the end of the method, so it no longer leaks. "
                + EnglishParagraph + EnglishParagraph;
            Message(w, "user", user);
            Message(w, "assistant", assistant);
            size += user.Length + assistant.Length + 64;
        }

        Message(w, "user", "Can you rewrite the last version to retry once on a transient error?");
        w.WriteEndArray();
        w.WriteNumber("temperature", 0.5);
        w.WriteBoolean("stream", true);
    });

    // One user message of about targetBytes: an instruction, then a long document.
    private static byte[] SinglePrompt(string instruction, string paragraph, int targetBytes, bool escapeNonAscii)
    {
        var text = new StringBuilder(instruction);
        var encoded = escapeNonAscii ? 6 : 3; // bytes per CJK char in the body
        var perParagraph = paragraph.Sum(c => c < 128 ? 1 : encoded);
        for (var bytes = 0; bytes < targetBytes - 1024; bytes += perParagraph)
        {
            text.Append(paragraph);
        }

        return Write(escapeNonAscii, w =>
        {
            w.WriteString("model", Model);
            w.WriteStartArray("messages");
            Message(w, "user", text.ToString());
            w.WriteEndArray();
            w.WriteNumber("max_tokens", 1024);
        });
    }

    private static void Message(Utf8JsonWriter w, string role, string content)
    {
        w.WriteStartObject();
        w.WriteString("role", role);
        w.WriteString("content", content);
        w.WriteEndObject();
    }

    // escapeNonAscii: as Python's json.dumps (ensure_ascii) sends non-ASCII text, \uXXXX.
    private static byte[] Write(bool escapeNonAscii, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Encoder = escapeNonAscii ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
