using System.Text.Json.Nodes;
using Gateway.Simulator.Generation;
using Gateway.Simulator.Infrastructure;
using Gateway.Simulator.Requests;

namespace Gateway.Simulator.Endpoints;

/// <summary>POST /v1/chat/completions, streaming and not.</summary>
public static class ChatCompletionsEndpoint
{
    public static void MapChatCompletions(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/chat/completions", HandleAsync);

    private static async Task HandleAsync(
        HttpContext context, SimulatorOptions options, AnswerPlanner planner, SimStats stats)
    {
        var request = ChatRequestParser.Parse(await BodyReader.ReadAsync(context), options);
        var answers = planner.Plan(request.Generation);
        var pacer = TokenPacer.For(context, options);
        var id = "chatcmpl-" + Ids.Hex();
        var created = Ids.Now();

        await GenerationRun.RunAsync(context, stats, async ct =>
        {
            if (request.Stream)
            {
                await StreamAsync(new SseWriter(context), pacer, id, created, options.Model, request, answers, ct);
                return;
            }

            await pacer.AllTokensAsync(answers.Max(a => a.Tokens.Count), ct);
            await Json.WriteAsync(context, ChatShapes.Response(id, created, options.Model, answers, request.PromptTokens));
        });
    }

    private static async Task StreamAsync(
        SseWriter sse, TokenPacer pacer, string id, long created, string model,
        ChatRequest request, IReadOnlyList<Answer> answers, CancellationToken ct)
    {
        for (var i = 0; i < answers.Count; i++)
        {
            await sse.WriteAsync(ChatShapes.Chunk(id, created, model,
                ChatShapes.DeltaChoice(i, new() { ["role"] = "assistant", ["content"] = "" })));
            if (answers[i].ToolCall is { } call)
            {
                await sse.WriteAsync(ChatShapes.Chunk(id, created, model, ChatShapes.DeltaChoice(i, ChatShapes.ToolCallHeader(call))));
            }
        }

        var steps = answers.Max(a => a.Tokens.Count);
        for (var step = 0; step <= steps; step++)
        {
            if (step < steps)
            {
                await pacer.NextTokenAsync(ct);
            }

            for (var i = 0; i < answers.Count; i++)
            {
                var answer = answers[i];
                if (step < answer.Tokens.Count)
                {
                    var token = answer.Tokens[step];
                    var delta = answer.ToolCall is null ? new JsonObject { ["content"] = token } : ChatShapes.ToolCallFragment(token);
                    await sse.WriteAsync(ChatShapes.Chunk(id, created, model, ChatShapes.DeltaChoice(i, delta)));
                }
                else if (step == answer.Tokens.Count)
                {
                    await sse.WriteAsync(ChatShapes.Chunk(id, created, model, ChatShapes.FinishChoice(i, answer)));
                }
            }
        }

        if (request.IncludeUsage)
        {
            await sse.WriteAsync(ChatShapes.UsageChunk(
                id, created, model, request.PromptTokens, answers.Sum(a => a.CompletionTokens)));
        }

        await sse.DoneAsync();
    }
}
