using System.Text.Json.Nodes;

namespace Gateway.Simulator.Tests;

public sealed class ModelsAndHealthTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Health_is_200_with_empty_body()
    {
        using var response = await sim.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Models_list_has_vllm_shape()
    {
        var body = JsonNode.Parse(await sim.Client.GetStringAsync(new Uri("/v1/models", UriKind.Relative)))!;
        Assert.Equal("list", body["object"]!.GetValue<string>());
        var card = body["data"]![0]!;
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", card["id"]!.GetValue<string>());
        Assert.Equal("model", card["object"]!.GetValue<string>());
        Assert.Equal("vllm", card["owned_by"]!.GetValue<string>());
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", card["root"]!.GetValue<string>());
        Assert.True(card.AsObject().ContainsKey("parent"));
        Assert.Null(card["parent"]);
        Assert.Equal(32768, card["max_model_len"]!.GetValue<int>());
        Assert.True(card["created"]!.GetValue<long>() > 1_600_000_000);
        var permission = card["permission"]![0]!;
        Assert.Equal("model_permission", permission["object"]!.GetValue<string>());
        Assert.StartsWith("modelperm-", permission["id"]!.GetValue<string>());
        Assert.Equal("*", permission["organization"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tokenize_and_embeddings_have_vllm_shapes()
    {
        var (status, tokenized) = await sim.PostAsync("/tokenize", new JsonObject { ["prompt"] = "Hello world, 你好" });
        Assert.Equal(200, status);
        Assert.Equal(5, tokenized!["count"]!.GetValue<int>());
        Assert.Equal(5, tokenized["tokens"]!.AsArray().Count);
        Assert.Equal(32768, tokenized["max_model_len"]!.GetValue<int>());

        var (embStatus, first) = await sim.PostAsync("/v1/embeddings", new JsonObject { ["input"] = new JsonArray("a", "b") });
        var (_, again) = await sim.PostAsync("/v1/embeddings", new JsonObject { ["input"] = "a" });
        Assert.Equal(200, embStatus);
        Assert.Equal("list", first!["object"]!.GetValue<string>());
        Assert.Equal(2, first["data"]!.AsArray().Count);
        Assert.Equal("embedding", first["data"]![0]!["object"]!.GetValue<string>());
        Assert.Equal(first["data"]![0]!["embedding"]!.ToJsonString(), again!["data"]![0]!["embedding"]!.ToJsonString());
        Assert.NotEqual(first["data"]![0]!["embedding"]!.ToJsonString(), first["data"]![1]!["embedding"]!.ToJsonString());
    }
}
