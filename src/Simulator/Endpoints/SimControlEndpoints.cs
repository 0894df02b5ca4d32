using System.Text.Json.Nodes;
using Gateway.Simulator.Infrastructure;

namespace Gateway.Simulator.Endpoints;

/// <summary>Test hooks under /sim: counters, the request log and resets. Not part of vLLM's API.</summary>
public static class SimControlEndpoints
{
    public static void MapSimControl(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sim/stats", (HttpContext context, SimStats stats) =>
        {
            var s = stats.Current;
            return Json.WriteAsync(context, new JsonObject
            {
                ["requests"] = s.Requests,
                ["completed"] = s.Completed,
                ["cancelled"] = s.Cancelled,
            });
        });

        // Resets counters and fault-key budgets between test cases.
        app.MapDelete("/sim/stats", (SimStats stats, FaultCounters faults) =>
        {
            stats.Reset();
            faults.Clear();
            return Results.NoContent();
        });

        app.MapGet("/sim/requests", (HttpContext context, RequestLog log) =>
        {
            var entries = new JsonArray();
            foreach (var r in log.Snapshot())
            {
                var headers = new JsonObject();
                foreach (var (name, value) in r.Headers)
                {
                    headers[name] = value;
                }

                entries.Add(new JsonObject
                {
                    ["method"] = r.Method,
                    ["path"] = r.Path,
                    ["headers"] = headers,
                    ["body"] = r.Body,
                    ["receivedAt"] = r.ReceivedAt.ToString("O"),
                });
            }

            return Json.WriteAsync(context, entries);
        });

        app.MapDelete("/sim/requests", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });
    }
}
