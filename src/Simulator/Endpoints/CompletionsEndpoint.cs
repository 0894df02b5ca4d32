using System.Text.Json.Nodes;
using Gateway.Simulator.Generation;
using Gateway.Simulator.Infrastructure;
using Gateway.Simulator.Requests;

namespace Gateway.Simulator.Endpoints;

/// <summary>POST /v1/completions: choice index = prompt index * n + sample index, as in vLLM.</summary>
public static class CompletionsEndpoint
{
    public static void MapCompletions(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/completions", HandleAsync);

    private static async Task HandleAsync(
        HttpContext context, SimulatorOptions options, AnswerPlanner planner, SimStats stats)
    {
        var request = CompletionRequestParser.Parse(await BodyReader.ReadAsync(context), options);
        var answers = new List<Answer>();
        var prompts = new List<string>();
        for (var p = 0; p < request.Generations.Count; p++)
        {
            foreach (var answer in planner.Plan(request.Generations[p]))
            {
                answers.Add(answer);
                prompts.Add(request.Prompts[p]);
            }
        }

        var pacer = TokenPacer.For(context, options);
        var id = "cmpl-" + Ids.Hex();
        var created = Ids.Now();
        var completionTokens = answers.Sum(a => a.CompletionTokens);

        await GenerationRun.RunAsync(context, stats, async ct =>
        {
            if (!request.Stream)
            {
                await pacer.AllTokensAsync(answers.Max(a => a.Tokens.Count), ct);
                var choices = new JsonArray();
                for (var i = 0; i < answers.Count; i++)
                {
                    var text = (request.Echo ? prompts[i] : "") + answers[i].Content;
                    choices.Add(Choice(i, text, answers[i].FinishReason, answers[i].StopReason, withPromptLogprobs: true));
                }

                var body = Envelope(id, created, options.Model, choices);
                body["usage"] = Usage.Body(request.PromptTokens, completionTokens);
                body["kv_transfer_params"] = null;
                await Json.WriteAsync(context, body);
                return;
            }

            var sse = new SseWriter(context);
            if (request.Echo)
            {
                for (var i = 0; i < answers.Count; i++)
                {
                    await sse.WriteAsync(Envelope(id, created, options.Model, [Choice(i, prompts[i], null, null)]));
                }
            }

            var steps = answers.Max(a => a.Tokens.Count);
            for (var step = 0; step < Math.Max(1, steps); step++)
            {
                await pacer.NextTokenAsync(ct);
                for (var i = 0; i < answers.Count; i++)
                {
                    var tokens = answers[i].Tokens;
                    if (step >= Math.Max(1, tokens.Count))
                    {
                        continue;
                    }

                    // The last token carries finish_reason; an empty answer still gets one closing chunk.
                    var last = step >= tokens.Count - 1;
                    var text = step < tokens.Count ? tokens[step] : "";
                    await sse.WriteAsync(Envelope(id, created, options.Model,
                        [Choice(i, text, last ? answers[i].FinishReason : null, last ? answers[i].StopReason : null)]));
                }
            }

            if (request.IncludeUsage)
            {
                var usageChunk = Envelope(id, created, options.Model, []);
                usageChunk["usage"] = Usage.Chunk(request.PromptTokens, completionTokens);
                await sse.WriteAsync(usageChunk);
            }

            await sse.DoneAsync();
        });
    }

    private static JsonObject Envelope(string id, long created, string model, JsonArray choices) => new()
    {
        ["id"] = id,
        ["object"] = "text_completion",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = choices,
    };

    private static JsonObject Choice(int index, string text, string? finish, string? stop, bool withPromptLogprobs = false)
    {
        var choice = new JsonObject
        {
            ["index"] = index,
            ["text"] = text,
            ["logprobs"] = null,
            ["finish_reason"] = finish,
            ["stop_reason"] = stop,
        };
        if (withPromptLogprobs)
        {
            choice["prompt_logprobs"] = null;
        }

        return choice;
    }
}
