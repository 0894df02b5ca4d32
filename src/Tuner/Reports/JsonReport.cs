using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Gateway.Tuner.Sweep;

namespace Gateway.Tuner.Reports;

/// <summary>report.json: setup, rows (one per task and temperature, plus gateway rows), recommendation snippet and notes.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Render(SweepResult result)
    {
        var o = result.Options;
        var root = new JsonObject
        {
            ["model"] = o.Model,
            ["baseUrl"] = o.BaseUrl.ToString(),
            ["compareGateway"] = o.CompareGateway?.ToString(),
            ["samples"] = o.Samples,
            ["seedBase"] = o.SeedBase,
            ["targetValidity"] = o.TargetValidity,
            ["fixed"] = JsonSerializer.SerializeToNode(o.Fixed, Options),
            ["prompts"] = JsonSerializer.SerializeToNode(result.Prompts, Options),
            ["rows"] = JsonSerializer.SerializeToNode(result.Rows, Options),
            ["recommendation"] = result.Recommendation.Snippet.DeepClone(),
            ["recommendationNotes"] = JsonSerializer.SerializeToNode(result.Recommendation.Notes, Options),
        };
        return root.ToJsonString(Options);
    }
}
