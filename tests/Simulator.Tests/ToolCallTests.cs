using System.Text.Json.Nodes;

namespace Gateway.Simulator.Tests;

public sealed class ToolCallTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    public static JsonArray WeatherTools() => (JsonArray)JsonNode.Parse("""
        [
          {"type":"function","function":{"name":"get_weather","description":"Current weather",
            "parameters":{"type":"object","properties":{
              "city":{"type":"string"},
              "unit":{"type":"string","enum":["celsius","fahrenheit"]},
              "days":{"type":"integer","minimum":1,"maximum":7}},
            "required":["city"]}}},
          {"type":"function","function":{"name":"search","parameters":{"type":"object","properties":{"query":{"type":"string"}}}}}
        ]
        """)!;

    [Fact]
    public async Task Tool_call_has_vllm_shape_and_arguments_json_string()
    {
        var request = SimulatorFixture.Chat("Weather in Paris?", 0.3, 11);
        request["tools"] = WeatherTools();
        var (status, body) = await sim.PostAsync("/v1/chat/completions", request);

        Assert.Equal(200, status);
        var choice = body!["choices"]![0]!;
        Assert.Equal("tool_calls", choice["finish_reason"]!.GetValue<string>());
        var message = choice["message"]!;
        Assert.True(message.AsObject().ContainsKey("content"));
        Assert.Null(message["content"]);
        var call = message["tool_calls"]![0]!;
        Assert.StartsWith("chatcmpl-tool-", call["id"]!.GetValue<string>());
        Assert.Equal("function", call["type"]!.GetValue<string>());
        Assert.Equal("get_weather", call["function"]!["name"]!.GetValue<string>());

        var arguments = JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!;
        Assert.IsType<string>(arguments["city"]!.GetValue<string>());
        Assert.Contains(arguments["unit"]!.GetValue<string>(), new[] { "celsius", "fahrenheit" });
        Assert.InRange(arguments["days"]!.GetValue<int>(), 1, 7);
    }

    [Fact]
    public async Task Named_tool_choice_picks_that_tool_and_none_gives_text()
    {
        var named = SimulatorFixture.Chat("Find docs", 0.3, 1);
        named["tools"] = WeatherTools();
        named["tool_choice"] = new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "search" } };
        var (_, body) = await sim.PostAsync("/v1/chat/completions", named);
        Assert.Equal("search", body!["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>());

        var none = SimulatorFixture.Chat("Find docs", 0.3, 1);
        none["tools"] = WeatherTools();
        none["tool_choice"] = "none";
        var (_, text) = await sim.PostAsync("/v1/chat/completions", none);
        Assert.Equal("stop", text!["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Empty(text["choices"]![0]!["message"]!["tool_calls"]!.AsArray());
    }
}
