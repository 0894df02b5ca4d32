using System.Text.Json.Nodes;

namespace Gateway.Simulator.Tests;

public sealed class ChatCompletionTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Non_streaming_chat_has_vllm_shape()
    {
        var (status, body) = await sim.PostAsync("/v1/chat/completions", SimulatorFixture.Chat("Tell me about testing."));

        Assert.Equal(200, status);
        Assert.StartsWith("chatcmpl-", body!["id"]!.GetValue<string>());
        Assert.Equal("chat.completion", body["object"]!.GetValue<string>());
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", body["model"]!.GetValue<string>());
        Assert.True(body.AsObject().ContainsKey("prompt_logprobs"));

        var choice = body["choices"]![0]!;
        Assert.Equal(0, choice["index"]!.GetValue<int>());
        Assert.Equal("stop", choice["finish_reason"]!.GetValue<string>());
        Assert.Null(choice["stop_reason"]);
        Assert.Null(choice["logprobs"]);
        var message = choice["message"]!;
        Assert.Equal("assistant", message["role"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(message["content"]!.GetValue<string>()));
        Assert.Empty(message["tool_calls"]!.AsArray());
        Assert.True(message.AsObject().ContainsKey("reasoning_content"));

        var usage = body["usage"]!;
        var prompt = usage["prompt_tokens"]!.GetValue<int>();
        var completion = usage["completion_tokens"]!.GetValue<int>();
        Assert.True(prompt > 0 && completion > 0);
        Assert.Equal(prompt + completion, usage["total_tokens"]!.GetValue<int>());
        Assert.True(usage.AsObject().ContainsKey("prompt_tokens_details"));
    }

    [Fact]
    public async Task Same_seed_gives_same_answer_and_other_seeds_differ()
    {
        var answers = new List<string>();
        foreach (var seed in new long[] { 7, 7, 8, 9 })
        {
            var (_, body) = await sim.PostAsync("/v1/chat/completions", SimulatorFixture.Chat("Explain caching.", 0.9, seed));
            answers.Add(body!["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.True(answers.Skip(1).Distinct().Count() > 1);
    }

    [Fact]
    public async Task N_choices_and_max_tokens_cut_with_length()
    {
        var request = SimulatorFixture.Chat("Describe a plan.", seed: 3);
        request["n"] = 3;
        request["max_tokens"] = 4;
        var (_, body) = await sim.PostAsync("/v1/chat/completions", request);

        var choices = body!["choices"]!.AsArray();
        Assert.Equal(3, choices.Count);
        Assert.All(choices, c => Assert.Equal("length", c!["finish_reason"]!.GetValue<string>()));
        Assert.Equal(12, body["usage"]!["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Json_only_prompt_in_chinese_gets_a_json_object()
    {
        var (_, body) = await sim.PostAsync(
            "/v1/chat/completions", SimulatorFixture.Chat("介绍一个人，只返回 JSON", 0.2, 1));
        var content = body!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        Assert.IsType<JsonObject>(JsonNode.Parse(content));
    }

    [Fact]
    public async Task Completions_endpoint_has_vllm_shape()
    {
        var (status, body) = await sim.PostAsync("/v1/completions", new JsonObject { ["prompt"] = "Once upon a time", ["seed"] = 1 });
        Assert.Equal(200, status);
        Assert.StartsWith("cmpl-", body!["id"]!.GetValue<string>());
        Assert.Equal("text_completion", body["object"]!.GetValue<string>());
        var choice = body["choices"]![0]!;
        Assert.False(string.IsNullOrEmpty(choice["text"]!.GetValue<string>()));
        Assert.Null(choice["logprobs"]);
        Assert.Equal("length", choice["finish_reason"]!.GetValue<string>());
        Assert.Equal(16, body["usage"]!["completion_tokens"]!.GetValue<int>());

        using var response = await sim.Client.PostAsync(
            new Uri("/v1/completions", UriKind.Relative),
            SimulatorFixture.JsonBody("""{"prompt":"Hi","max_tokens":3,"stream":true,"stream_options":{"include_usage":true}}"""));
        var data = Sse.DataLines(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", data[^1]);
        var chunks = Sse.Chunks(data);
        Assert.All(chunks, c => Assert.Equal("text_completion", c["object"]!.GetValue<string>()));
        var textChunks = chunks.Where(c => c["choices"]!.AsArray().Count > 0).ToList();
        Assert.Equal(3, textChunks.Count);
        Assert.Equal("length", textChunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.True(textChunks[0]["choices"]![0]!.AsObject().ContainsKey("stop_reason"));
        Assert.Equal(3, chunks[^1]["usage"]!["completion_tokens"]!.GetValue<int>());
    }
}
