using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Gateway.Tuner.Sweep;

/// <summary>Sends chat completions through the official SDK and turns each answer into a Sample.</summary>
public sealed class ChatSampler
{
    private readonly ChatClient _chat;
    private readonly OpenAIModelClient _models;
    private readonly FixedParameters _fixed;
    private readonly Uri _endpoint;

    public ChatSampler(Uri baseUrl, string model, string apiKey, TimeSpan timeout, FixedParameters fixedParameters,
        IReadOnlyDictionary<string, string> headers)
    {
        _endpoint = Endpoints.V1(baseUrl);
        var options = new OpenAIClientOptions
        {
            Endpoint = _endpoint,
            NetworkTimeout = timeout,
            // A sweep measures the server as it is: a retried request would hide failures and skew latency.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (headers.Count > 0)
        {
            options.AddPolicy(new HeaderPolicy(headers), PipelinePosition.PerCall);
        }

        var client = new OpenAIClient(new ApiKeyCredential(apiKey), options);
        _chat = client.GetChatClient(model);
        _models = client.GetOpenAIModelClient();
        _fixed = fixedParameters;
    }

    /// <summary>GET /v1/models: fails fast with a clear message before any sample is spent.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await _models.GetModelsAsync(cancellationToken);
            return result.Value.Select(m => m.Id).ToList();
        }
        catch (Exception ex) when (Classify(ex) is { } message)
        {
            throw new UpstreamException($"{_endpoint}models: {message}", ex);
        }
    }

    /// <summary>One request; temperature null leaves it to the server (the gateway's profile).</summary>
    public async Task<Sample> SampleAsync(PromptSpec prompt, int promptIndex, double? temperature, int? seed,
        CancellationToken cancellationToken)
    {
        var options = BuildOptions(temperature, seed);
        List<ChatMessage> messages = prompt.System is null
            ? [new UserChatMessage(prompt.Prompt)]
            : [new SystemChatMessage(prompt.System), new UserChatMessage(prompt.Prompt)];
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await _chat.CompleteChatAsync(messages, options, cancellationToken);
            var completion = result.Value;
            var text = completion.Content.Count > 0 ? string.Concat(completion.Content.Select(p => p.Text)) : "";
            return new Sample(promptIndex, text, clock.Elapsed.TotalMilliseconds,
                completion.Usage?.OutputTokenCount ?? 0, null, Decision(result.GetRawResponse()));
        }
        catch (ClientResultException ex) when (ex.Status is >= 500 or 408 or 429)
        {
            // The server is there but failed this one: count it, keep sweeping.
            return new Sample(promptIndex, null, clock.Elapsed.TotalMilliseconds, 0, $"HTTP {ex.Status}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (ex is OperationCanceledException or TaskCanceledException)
            {
                return new Sample(promptIndex, null, clock.Elapsed.TotalMilliseconds, 0, "timeout");
            }

            throw new UpstreamException($"{_endpoint}chat/completions: {Classify(ex) ?? ex.Message}", ex);
        }
    }

    private ChatCompletionOptions BuildOptions(double? temperature, int? seed)
    {
        var options = new ChatCompletionOptions
        {
            Temperature = (float?)temperature,
            TopP = (float?)_fixed.TopP,
            FrequencyPenalty = (float?)_fixed.FrequencyPenalty,
            PresencePenalty = (float?)_fixed.PresencePenalty,
            MaxOutputTokenCount = _fixed.MaxTokens,
            Seed = seed,
        };

        // vLLM's sampling extras are not part of OpenAI's schema; the SDK's patch adds them to the body.
        if (_fixed.TopK is { } topK)
        {
            options.Patch.Set("$.top_k"u8, topK);
        }

        if (_fixed.MinP is { } minP)
        {
            options.Patch.Set("$.min_p"u8, minP);
        }

        if (_fixed.RepetitionPenalty is { } repetition)
        {
            options.Patch.Set("$.repetition_penalty"u8, repetition);
        }

        return options;
    }

    private static GatewayDecision? Decision(PipelineResponse response)
    {
        string? Header(string name) => response.Headers.TryGetValue(name, out var v) ? v : null;
        var task = Header("x-gateway-task");
        return task is null ? null : new GatewayDecision(task, Header("x-gateway-profile"), Header("x-gateway-validation"),
            int.TryParse(Header("x-gateway-attempts"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) ? a : 1);
    }

    /// <summary>Turns transport and protocol failures into one line an operator can act on; null = not ours to explain.</summary>
    private static string? Classify(Exception ex) => ex switch
    {
        ClientResultException { Status: 0 } c => $"unreachable ({c.InnerException?.Message ?? c.Message})",
        ClientResultException c => $"HTTP {c.Status}: {ServerMessage(c) ?? FirstLine(c.Message)}",
        HttpRequestException h => $"unreachable ({h.Message})",
        JsonException or FormatException or InvalidOperationException or KeyNotFoundException or NullReferenceException
            => $"the answer is not OpenAI-compatible ({ex.GetType().Name}: {ex.Message})",
        OperationCanceledException => "no answer before the timeout",
        _ => null,
    };

    /// <summary>OpenAI-shaped errors carry the useful text in error.message.</summary>
    private static string? ServerMessage(ClientResultException ex)
    {
        try
        {
            var body = ex.GetRawResponse()?.Content?.ToString();
            return body is null ? null : System.Text.Json.Nodes.JsonNode.Parse(body)?["error"]?["message"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "..." : line;
    }

    private sealed class HeaderPolicy(IReadOnlyDictionary<string, string> headers) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Add(PipelineMessage message)
        {
            foreach (var (name, value) in headers)
            {
                message.Request.Headers.Set(name, value);
            }
        }
    }
}
