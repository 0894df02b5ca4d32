using System.Text.Json.Nodes;
using Gateway.Simulator.Infrastructure;

namespace Gateway.Simulator.Endpoints;

/// <summary>GET /health, /version and /v1/models as vLLM serves them.</summary>
public static class ModelEndpoints
{
    /// <summary>The vLLM release whose wire format the simulator follows.</summary>
    public const string VllmVersion = "0.11.0";

    public static void MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        // vLLM answers health with 200 and an empty body.
        app.MapGet("/health", () => Results.Ok());
        app.MapGet("/version", (HttpContext context) =>
            Json.WriteAsync(context, new JsonObject { ["version"] = VllmVersion }));
        app.MapGet("/v1/models", (HttpContext context, SimulatorOptions options) =>
            Json.WriteAsync(context, ModelList(options)));
    }

    private static JsonObject ModelList(SimulatorOptions options)
    {
        var created = Ids.Now();
        var card = new JsonObject
        {
            ["id"] = options.Model,
            ["object"] = "model",
            ["created"] = created,
            ["owned_by"] = "vllm",
            ["root"] = options.Model,
            ["parent"] = null,
            ["max_model_len"] = options.MaxModelLen,
            ["permission"] = new JsonArray(new JsonObject
            {
                ["id"] = "modelperm-" + Ids.Hex(),
                ["object"] = "model_permission",
                ["created"] = created,
                ["allow_create_engine"] = false,
                ["allow_sampling"] = true,
                ["allow_logprobs"] = true,
                ["allow_search_indices"] = false,
                ["allow_view"] = true,
                ["allow_fine_tuning"] = false,
                ["organization"] = "*",
                ["group"] = null,
                ["is_blocking"] = false,
            }),
        };
        return new JsonObject { ["object"] = "list", ["data"] = new JsonArray(card) };
    }
}
