using System.Net;
using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests;

/// <summary>Hundreds of malformed and mutated bodies (seeded, so a failure reproduces): never a 5xx, never a hang,
/// and the gateway keeps serving. The upstream always answers well, so any 5xx would be the gateway's own.</summary>
public sealed class FuzzTests
{
    private const int Seed = 20261129;
    private const int Cases = 400;

    private static readonly string[] Seeds =
    [
        """{"model":"m","messages":[{"role":"user","content":"Write a poem about rain."}],"temperature":0.7,"stream":false}""",
        """{"model":"m","messages":[{"role":"system","content":"Only JSON."},{"role":"user","content":[{"type":"text","text":"a person"}]}],"response_format":{"type":"json_object"}}""",
        """{"model":"m","messages":[{"role":"user","content":"weather?"}],"tools":[{"type":"function","function":{"name":"w","parameters":{"type":"object"}}}],"tool_choice":"auto"}""",
        """{"model":"m","prompt":"def f(x):","max_tokens":16,"top_p":0.9,"top_k":20,"seed":1}""",
    ];

    private static readonly string[] Fragments =
    [
        "null", "true", "\"hot\"", "-1", "1e400", "3.5", "[]", "{}", "[[[[[[[[", "\"\\ud800\"", "\"\\u0000\"", "NaN",
        "\"" + new string('x', 5000) + "\"", "{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{\"type\":\"object\"}}}",
        "{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{\"$ref\":\"#/nope\"}}}", "[{\"role\":1}]", "\"中文\"",
    ];

    private static readonly string[] Fields =
    [
        "model", "messages", "prompt", "temperature", "top_p", "top_k", "min_p", "n", "stream", "stream_options", "seed", "tools",
        "tool_choice", "response_format", "max_tokens", "max_completion_tokens", "frequency_penalty", "presence_penalty",
    ];

    [Fact]
    public async Task Malformed_and_mutated_bodies_never_cost_a_5xx_or_a_hang()
    {
        await using var upstream = await FakeUpstream.StartAsync(JsonBreakingUpstream.Handler(2));
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);
        gateway.Http.Timeout = TimeSpan.FromSeconds(15);
        var random = new Random(Seed);
        var bodies = Enumerable.Range(0, Cases).Select(i => (Case: i, Body: Mutate(random))).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, cancellationToken) =>
        {
            var path = item.Case % 3 == 0 ? "/v1/completions" : "/v1/chat/completions";
            using var content = new ByteArrayContent(item.Body);
            content.Headers.ContentType = new("application/json");
            using var response = await gateway.Http.PostAsync(path, content, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"case {item.Case} ({path}) → {(int)response.StatusCode} {text}\n  body: {Encoding.UTF8.GetString(item.Body)[..Math.Min(300, item.Body.Length)]}");
            }
            else if ((int)response.StatusCode >= 400 && !text.Contains("\"error\"", StringComparison.Ordinal))
            {
                failures.Add($"case {item.Case} → {(int)response.StatusCode} without an OpenAI error: {text}");
            }
        });

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        using var after = await gateway.Http.PostAsync("/v1/chat/completions", JsonHttp.Raw(Seeds[0]));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static byte[] Mutate(Random random)
    {
        var text = Seeds[random.Next(Seeds.Length)];
        switch (random.Next(6))
        {
            case 0: // cut anywhere
                text = text[..random.Next(text.Length)];
                break;
            case 1: // a field gets a value of another type or shape
                var field = Fields[random.Next(Fields.Length)];
                text = text.Insert(1, $"\"{field}\":{Fragments[random.Next(Fragments.Length)]},");
                break;
            case 2: // flip a few chars
                var chars = text.ToCharArray();
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
                }

                text = new string(chars);
                break;
            case 3: // deep nesting
                var depth = random.Next(50, 400);
                text = text.Insert(1, $"\"metadata\":{new string('[', depth)}{new string(']', depth)},");
                break;
            case 4: // raw bytes that are not UTF-8
                var bytes = Encoding.UTF8.GetBytes(text);
                bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
                return bytes;
            default: // duplicate keys and a bad fragment as the whole body
                text = random.Next(2) == 0 ? text.Insert(1, "\"temperature\":2.5,") + "" : Fragments[random.Next(Fragments.Length)];
                break;
        }

        return Encoding.UTF8.GetBytes(text);
    }
}
