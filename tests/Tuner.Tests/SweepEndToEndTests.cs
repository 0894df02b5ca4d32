using System.Text.Json.Nodes;

namespace Gateway.Tuner.Tests;

public sealed class SweepEndToEndTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Sweep_against_the_simulator_reproduces_the_guides_shape()
    {
        var dir = Cli.TempDir();
        try
        {
            var (code, output, error) = await Cli.RunAsync("sweep", "--base-url", simulator.Url, "--model", "Qwen/Qwen2.5-7B-Instruct",
                "--temperatures", "0.3,0.5,0.7,1.0,1.3", "--samples", "12", "--seed-base", "0", "--out", dir);

            Assert.True(code == 0, error);
            Assert.Contains("| function_call | raw | 1.3 ", output, StringComparison.Ordinal);
            Assert.Contains("progress: 60/60", error, StringComparison.Ordinal);

            var report = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))!;
            var valid = report["rows"]!.AsArray()
                .ToDictionary(r => r!["temperature"]!.GetValue<double>(), r => r!["validJsonRate"]!.GetValue<double>());
            Assert.All([0.3, 0.5, 0.7], t => Assert.Equal(1.0, valid[t]));
            Assert.True(valid[1.0] < 1.0, $"valid at 1.0: {valid[1.0]}");
            Assert.True(valid[1.3] < valid[1.0], $"valid at 1.3: {valid[1.3]}, at 1.0: {valid[1.0]}");

            var temperature = report["recommendation"]!["Gateway"]!["Profiles"]!["function_call"]!["Temperature"]!.GetValue<double>();
            Assert.True(temperature <= 0.7, $"recommended {temperature}");
            Assert.True(File.Exists(Path.Combine(dir, "report.md")));
            Assert.True(File.Exists(Path.Combine(dir, "chart.svg")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Same_seeds_give_the_same_report_rows()
    {
        async Task<string> Rates()
        {
            var dir = Cli.TempDir();
            try
            {
                var (code, _, error) = await Cli.RunAsync("sweep", "--base-url", simulator.Url + "/v1", "--model", "Qwen/Qwen2.5-7B-Instruct",
                    "--temperatures", "1.0", "--samples", "6", "--seed-base", "100", "--out", dir);
                Assert.True(code == 0, error);
                var row = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))!["rows"]![0]!;
                return $"{row["validJsonRate"]} {row["distinctAnswers"]}";
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        Assert.Equal(await Rates(), await Rates());
    }

    [Fact]
    public async Task Prompt_file_with_free_text_and_gateway_comparison_adds_rows()
    {
        var dir = Cli.TempDir();
        Directory.CreateDirectory(dir);
        var prompts = Path.Combine(dir, "prompts.json");
        await File.WriteAllTextAsync(prompts, """
            {"prompts": [
              {"task": "function_call", "prompt": "Give a user as JSON only.", "schema": {"type": "object", "required": ["name"]}},
              {"task": "creative", "system": "You are a poet.", "prompt": "Write a short poem about the sea."}
            ]}
            """);
        try
        {
            // The simulator stands in for the gateway: it ignores x-gateway-task, but the row mechanics are the same.
            var (code, output, error) = await Cli.RunAsync("sweep", "--base-url", simulator.Url, "--model", "Qwen/Qwen2.5-7B-Instruct",
                "--temperatures", "0.5,1.3", "--samples", "4", "--prompts", prompts, "--top-k", "20",
                "--compare-gateway", simulator.Url, "--out", dir);

            Assert.True(code == 0, error);
            var report = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))!;
            var rows = report["rows"]!.AsArray();
            Assert.Equal(6, rows.Count);
            Assert.Contains(rows, r => r!["task"]!.GetValue<string>() == "creative" && r["validJsonRate"] is null);
            Assert.Equal(2, rows.Count(r => r!["source"]!.GetValue<string>() == "gateway"));
            Assert.Equal(20, report["recommendation"]!["Gateway"]!["Profiles"]!["creative"]!["TopK"]!.GetValue<double>());
            Assert.Contains("gateway (", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
