using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Errors;
using Gateway.Profiles.Decoding;
using Gateway.Profiles.Configuration;
using Gateway.Profiles.Guard;
using Gateway.Profiles.Requests;
using Gateway.Profiles.Tasks;
using Gateway.Proxy;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Polly;
using Polly.Timeout;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gateway.Guard;

/// <summary>
/// One request's exchange with vLLM: every upstream attempt (through the rest of YARP's pipeline), what each
/// attempt changes (the retry ladder), whether its answer is held for validation or streamed straight through,
/// and what finally reaches the client.
/// </summary>
internal sealed class UpstreamExchange : IDisposable
{
    private readonly HttpContext _context;
    private readonly RequestDelegate _next;
    private readonly CompletionRequest _request;
    private readonly int _bodyLength;
    private readonly GatewayDecision _decision;
    private readonly OutputRequirement? _requirement;
    private readonly GuardOptions _guard;
    private readonly RetryLadder _ladder;
    private readonly AdaptiveTemperature? _adaptive;
    private readonly bool _hold;
    private readonly bool _replayAsStream;
    private readonly PassThroughObserver _observer;
    private readonly bool _askUsage;
    private readonly int? _captureContentChars;
    private readonly UpstreamOptions _upstream;
    private readonly bool _holdSuccess;
    private AnswerProblem _problem;
    private readonly HashSet<ulong> _failedAnswers = [];
    private readonly HashSet<DestinationState> _failedDestinations = [];
    private AttemptPlan _plan;
    private HeldAnswer? _last;
    private ForwarderError? _lastForwarderError;
    private IReadOnlyList<DestinationState>? _available;

    public UpstreamExchange(
        HttpContext context, RequestDelegate next, CompletionRequest request, int bodyLength, GatewayDecision decision,
        OutputRequirement? requirement, GuardOptions guard, UpstreamOptions upstream, AdaptiveTemperature? adaptive, int? captureContentChars)
    {
        _upstream = upstream;
        _captureContentChars = captureContentChars;
        _context = context;
        _next = next;
        _request = request;
        _bodyLength = bodyLength;
        _decision = decision;
        _requirement = requirement;
        _guard = guard;
        _ladder = decision.Profile.Ladder;
        _adaptive = adaptive;
        // Validate unless the client streams and ops chose to stream such requests through unvalidated.
        _hold = requirement is not null && !(request.Stream && guard.Streaming == StreamingValidation.PassThrough);
        _replayAsStream = _hold && request.Stream;
        // A non-streamed answer is held too (the client waits for all of it anyway): garbage or a broken-off body
        // then becomes a clear error, or a retry, instead of something no SDK can parse.
        _holdSuccess = _hold || !request.Stream;
        // Usage is read from a streamed answer's usage chunk; when the client did not ask for it, the gateway
        // asks vLLM and drops that chunk before the client sees it.
        _askUsage = request.Stream && !request.IncludeUsage && !_hold;
        _observer = new PassThroughObserver(decision, dropUsageChunk: _askUsage, captureContentChars);
        _plan = RetryLadder.First(decision.EffectiveParameters.Temperature, request.Seed);
    }

    public int MaxAttempts => _ladder.MaxAttempts;

    public TimeSpan TimeBudget => _ladder.TimeBudget;

    public TimeSpan TransientBackoff => _guard.TransientBackoff;

    public async Task RunAsync()
    {
        using var total = CancellationTokenSource.CreateLinkedTokenSource(_context.RequestAborted);
        total.CancelAfter(_upstream.TotalTimeout);
        var resilience = ResilienceContextPool.Shared.Get(total.Token);
        resilience.Properties.Set(AttemptPipeline.Exchange, this);
        Outcome<AttemptResult> outcome;
        try
        {
            outcome = await (_hold ? AttemptPipeline.Validating : AttemptPipeline.PassThrough).ExecuteOutcomeAsync(
                static async (ctx, exchange) => Outcome.FromResult(await exchange.AttemptAsync(ctx).ConfigureAwait(false)),
                resilience,
                this).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }

        if (_context.RequestAborted.IsCancellationRequested || _context.Response.HasStarted)
        {
            return; // the client left (no further attempts were made), or the answer already went out
        }

        if (total.IsCancellationRequested && outcome.Exception is OperationCanceledException)
        {
            _decision.ErrorType = "timeout";
            await OpenAIError.WriteAsync(_context, StatusCodes.Status504GatewayTimeout,
                $"The request took longer than the gateway's total timeout of {_upstream.TotalTimeout}.",
                OpenAIError.UpstreamError, null, "upstream_timeout").ConfigureAwait(false);
            return;
        }

        switch (outcome)
        {
            case { Result.Kind: AttemptKind.Rejected }:
            case { Result.Kind: AttemptKind.Transient } when _problem != AnswerProblem.None:
                await WriteProblemAsync().ConfigureAwait(false);
                break;
            case { Exception: TimeoutRejectedException } when _last is { Check: not null }:
            case { Result.Kind: AttemptKind.Invalid }:
                await WriteExhaustedAsync().ConfigureAwait(false);
                break;
            case { Exception: TimeoutRejectedException }:
                await OpenAIError.WriteAsync(_context, StatusCodes.Status504GatewayTimeout,
                    $"No valid answer from the upstream model server within the time budget of {TimeBudget}.",
                    OpenAIError.UpstreamError, null, "upstream_timeout").ConfigureAwait(false);
                break;
            case { Exception: { } exception }:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception).Throw();
                break;
            case { Result.Kind: AttemptKind.Valid }:
                _decision.Validation = _requirement is null ? ValidationOutcomes.Skipped : ValidationOutcomes.Passed;
                await WriteHeldAsync(_last!).ConfigureAwait(false);
                break;
            case { Result.Kind: AttemptKind.Transient }:
                await WriteTransientFailureAsync().ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Chooses the next attempt's inputs after <paramref name="result"/>; called by the retry strategy.</summary>
    public void PlanNext(AttemptResult result)
    {
        if (result.Kind == AttemptKind.Invalid)
        {
            _plan = _ladder.AfterInvalid(_plan, result.Duplicate);
        }
        else
        {
            _decision.TransientRetries++;
            _plan = RetryLadder.AfterTransient(_plan);
        }
    }

    public void Dispose()
    {
        _last?.Dispose();
        _observer.Dispose();
    }

    private async Task<AttemptResult> AttemptAsync(ResilienceContext resilience)
    {
        var plan = _plan;
        _decision.Attempts = plan.Number;
        _decision.EffectiveParameters = _decision.EffectiveParameters with { Temperature = plan.Temperature };
        _decision.Seed = plan.Seed;
        using var span = GatewayTelemetry.Source.StartActivity("gateway.attempt", System.Diagnostics.ActivityKind.Client);
        span?.SetTag(GatewayTelemetry.Attributes.AttemptNumber, plan.Number);
        span?.SetTag(GatewayTelemetry.Attributes.RequestTemperature, plan.Temperature);
        span?.SetTag(GatewayTelemetry.Attributes.RequestSeed, plan.Seed);
        span?.SetTag(GatewayTelemetry.Attributes.AttemptConstrained, plan.Constrained);

        using var body = new PooledBufferWriter(_bodyLength + 512);
        RequestBodyWriter.Write(_request, Rewrite(plan), body);
        PrepareResponse();
        PrepareDestinations();

        var request = _context.Request;
        var clientBody = _context.Features.Get<IHttpResponseBodyFeature>()!;
        var clientLifetime = _context.Features.Get<IHttpRequestLifetimeFeature>()!;
        var clientReset = _context.Features.Get<IHttpResetFeature>();
        var clientAborted = clientLifetime.RequestAborted;

        // The attempt ends when the budget or total time runs out, or when vLLM is silent past the first-byte limit.
        using var firstByte = CancellationTokenSource.CreateLinkedTokenSource(resilience.CancellationToken);
        firstByte.CancelAfter(_upstream.TimeToFirstByte);
        var answerBegan = false;
        using var attemptBody = new AttemptResponseBody(clientBody, _context.Response, _holdSuccess, _guard.MaxResponseBytes, _observer, () =>
        {
            answerBegan = true;
            firstByte.CancelAfter(Timeout.InfiniteTimeSpan);
        });
        var lifetime = new AttemptLifetime(clientLifetime, () => attemptBody.IsEventStream && !clientAborted.IsCancellationRequested)
        {
            RequestAborted = firstByte.Token,
        };
        request.Body = body.AsStream();
        request.ContentLength = body.WrittenCount;
        _context.Features.Set<IHttpResponseBodyFeature>(attemptBody);
        _context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        _context.Features.Set<IHttpResetFeature>(null); // a broken-off stream ends in-band, not with RST_STREAM
        _context.Features.Set<IForwarderErrorFeature>(null);
        try
        {
            await _next(_context).ConfigureAwait(false);
            if (lifetime.AbortHeld)
            {
                _decision.ErrorType = "upstream_stream_interrupted";
                await _observer.FailAsync(clientBody.Stream, "The upstream model server broke off the answer mid-stream.", clientAborted).ConfigureAwait(false);
            }
            else
            {
                await attemptBody.CompletePassThroughAsync(clientAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            _context.Features.Set(clientBody);
            _context.Features.Set(clientLifetime);
            _context.Features.Set(clientReset);
        }

        if (!answerBegan && firstByte.IsCancellationRequested && !resilience.CancellationToken.IsCancellationRequested)
        {
            // vLLM said nothing within the first-byte limit: a timeout, retried like one.
            _context.Features.Set<IForwarderErrorFeature>(null);
            _lastForwarderError = ForwarderError.RequestTimedOut;
            _problem = AnswerProblem.None;
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "time to first byte exceeded");
            return new AttemptResult(AttemptKind.Transient);
        }

        if (_context.GetReverseProxyFeature().ProxiedDestination is { } destination
            && Uri.TryCreate(destination.Model.Config.Address, UriKind.Absolute, out var address))
        {
            _decision.Destination = address;
            span?.SetTag(GatewayTelemetry.Attributes.ServerAddress, address.Host);
            span?.SetTag(GatewayTelemetry.Attributes.ServerPort, address.Port);
        }

        resilience.CancellationToken.ThrowIfCancellationRequested();
        var result = Evaluate(plan, attemptBody);
        span?.SetTag(GatewayTelemetry.Attributes.HttpStatusCode, _context.Response.StatusCode);
        span?.SetTag(GatewayTelemetry.Attributes.AttemptOutcome, result.Kind.ToString().ToLowerInvariant());
        if (result.Kind == AttemptKind.Invalid)
        {
            span?.SetTag(GatewayTelemetry.Attributes.ValidationError, _last?.Check?.Message);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "validation failed");
        }
        else if (result.Kind == AttemptKind.Transient)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, _lastForwarderError?.ToString() ?? $"HTTP {_context.Response.StatusCode}");
        }

        return result;
    }

    private AttemptResult Evaluate(AttemptPlan plan, AttemptResponseBody attemptBody)
    {
        var response = _context.Response;
        if (attemptBody.State == AttemptResponseBody.Mode.PassingThrough || response.HasStarted)
        {
            return new AttemptResult(AttemptKind.Delivered);
        }

        if (_context.GetForwarderErrorFeature() is { } error)
        {
            if (error.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient)
            {
                return new AttemptResult(AttemptKind.Delivered);
            }

            _lastForwarderError = error.Error;
            if (_context.GetReverseProxyFeature().ProxiedDestination is { } failed)
            {
                _failedDestinations.Add(failed);
            }

            return new AttemptResult(AttemptKind.Transient);
        }

        _lastForwarderError = null;
        _problem = AnswerProblem.None;
        var held = Keep(attemptBody);
        if (attemptBody.Overflowed)
        {
            _problem = AnswerProblem.TooLarge;
            return new AttemptResult(AttemptKind.Rejected);
        }

        if (AttemptResponseBody.IsTransientStatus(response.StatusCode))
        {
            return new AttemptResult(AttemptKind.Transient);
        }

        if (response.StatusCode is < 200 or >= 300)
        {
            return new AttemptResult(AttemptKind.Valid);
        }

        held.Facts = AnswerFacts.ReadCompletion(held.Body.WrittenMemory.Span);
        if (held.Facts is null)
        {
            // Not an OpenAI answer at all (garbage, a truncated body): another destination may do better.
            _problem = AnswerProblem.NotACompletion;
            return new AttemptResult(AttemptKind.Transient);
        }

        if (_requirement is null)
        {
            return new AttemptResult(AttemptKind.Valid);
        }

        var check = AnswerValidator.Check(held.Body.WrittenMemory.Span, _requirement, _guard.Repair);
        _decision.TotalTokens += check.TotalTokens;
        if (check.Outcome == AnswerOutcome.Failed)
        {
            _decision.ValidationFailures++;
            _decision.ValidationError = check.Message;
        }

        held.Check = check;
        if (plan.Number == 1)
        {
            if (check.Outcome == AnswerOutcome.Failed)
            {
                _adaptive?.RecordFailure();
            }
            else
            {
                _adaptive?.RecordSuccess();
            }
        }

        if (check.Outcome != AnswerOutcome.Failed)
        {
            return new AttemptResult(AttemptKind.Valid);
        }

        // An answer identical to one that already failed is no progress: the next plan must change the seed.
        return new AttemptResult(AttemptKind.Invalid, Duplicate: !_failedAnswers.Add(check.Fingerprint));
    }

    private HeldAnswer Keep(AttemptResponseBody attemptBody)
    {
        var response = _context.Response;
        var headers = response.Headers.ToArray();
        var held = new HeldAnswer(response.StatusCode, headers, attemptBody.Held ?? new PooledBufferWriter(0));
        attemptBody.ReleaseHeld();
        _last?.Dispose();
        _last = held;
        return held;
    }

    private BodyRewrite Rewrite(AttemptPlan plan)
    {
        var parameters = _decision.EffectiveParameters with { Temperature = plan.Temperature };
        IReadOnlyList<KeyValuePair<string, string>>? extra = plan.Constrained ? _requirement?.ConstrainedDecodingFields(_guard.UsesStructuredOutputs) : null;
        if (_askUsage)
        {
            extra = [.. extra ?? [], new("stream_options", """{"include_usage":true}""")];
        }

        return new BodyRewrite(parameters, plan.Seed)
        {
            Stream = _replayAsStream ? false : null,
            ExtraFields = extra,
            AppendedMessages = plan.Reask && _last?.Check?.Message is { } message && _request.Endpoint == CompletionEndpoint.ChatCompletions
                ? JsonSerializer.Serialize(new
                {
                    role = "user",
                    content = $"Your previous answer was not valid: {message} Answer again with only the corrected output.",
                })
                : null,
        };
    }

    // Each attempt starts from a clean response carrying the gateway's headers.
    private void PrepareResponse()
    {
        var response = _context.Response;
        response.Clear();
        SetGatewayHeaders(response.Headers);
    }

    // A retry after a transient fault prefers a destination that has not failed for this request.
    private void PrepareDestinations()
    {
        if (_context.Features.Get<IReverseProxyFeature>() is not { } proxy)
        {
            return;
        }

        _available ??= proxy.AvailableDestinations;
        var others = _failedDestinations.Count == 0 ? _available : _available.Where(d => !_failedDestinations.Contains(d)).ToList();
        proxy.AvailableDestinations = others.Count > 0 ? others : _available;
    }

    private void SetGatewayHeaders(IHeaderDictionary headers)
    {
        headers[GatewayHeaders.Task] = _decision.Profile.Task.ToName();
        headers[GatewayHeaders.Profile] = _decision.Profile.Name;
        headers[GatewayHeaders.Attempts] = _decision.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers[GatewayHeaders.Validation] = _decision.Validation;
        if (_decision.TotalTokens > 0)
        {
            headers[GatewayHeaders.TotalTokens] = _decision.TotalTokens.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private async Task WriteProblemAsync()
    {
        var (message, code) = _problem == AnswerProblem.TooLarge
            ? ($"The upstream answer is larger than the gateway's limit of {_guard.MaxResponseBytes} bytes.", "upstream_answer_too_large")
            : ("The upstream model server sent an answer that is not an OpenAI completion.", "upstream_invalid_answer");
        _decision.ErrorType = code;
        _context.Response.Clear();
        SetGatewayHeaders(_context.Response.Headers);
        await OpenAIError.WriteAsync(_context, StatusCodes.Status502BadGateway, message, OpenAIError.UpstreamError, null, code).ConfigureAwait(false);
    }

    private async Task WriteExhaustedAsync()
    {
        _decision.Validation = ValidationOutcomes.Failed;
        _decision.ErrorType = "validation_failed";
        var message = _last?.Check?.Message ?? "The answer failed validation.";
        if (_guard.OnExhausted == ExhaustedOutcome.Error || _last is null)
        {
            _context.Response.Clear();
            SetGatewayHeaders(_context.Response.Headers);
            await OpenAIError.WriteAsync(_context, StatusCodes.Status502BadGateway,
                $"No valid answer after {_decision.Attempts} attempt(s): {message}", "validation_failed", null, "validation_failed").ConfigureAwait(false);
            return;
        }

        await WriteHeldAsync(_last).ConfigureAwait(false);
    }

    private async Task WriteTransientFailureAsync()
    {
        if (_lastForwarderError is { } error || _last is null)
        {
            _context.Response.Clear();
            SetGatewayHeaders(_context.Response.Headers);
            _decision.ErrorType = (_lastForwarderError ?? ForwarderError.Request).ToString();
            await UpstreamErrorMiddleware.WriteAsync(_context, _lastForwarderError ?? ForwarderError.Request).ConfigureAwait(false);
            _context.Features.Set<IForwarderErrorFeature>(null); // answered here, in OpenAI's shape
            return;
        }

        await WriteHeldAsync(_last).ConfigureAwait(false); // vLLM's own 502/503/504, as it sent it
    }

    private async Task WriteHeldAsync(HeldAnswer answer)
    {
        var response = _context.Response;
        response.Clear();
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers[name] = value;
            }
        }

        var repaired = answer.Check?.Repaired;
        if (repaired is not null)
        {
            _decision.Repaired = true;
            response.Headers[GatewayHeaders.Repair] = "applied";
        }

        answer.Facts?.ApplyTo(_decision);
        _decision.MarkFirstChunk();
        if (_captureContentChars is { } maxChars && answer.Status is >= 200 and < 300)
        {
            _decision.OutputContent = AnswerFacts.Choices(answer.Body.WrittenMemory.Span, maxChars);
        }

        SetGatewayHeaders(response.Headers);
        if (_replayAsStream && answer.Status is >= 200 and < 300)
        {
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            await SseReplay.WriteAsync(response.Body, answer.Body.WrittenMemory, _request.Endpoint, _request.IncludeUsage, repaired, _context.RequestAborted)
                .ConfigureAwait(false);
            return;
        }

        var bytes = repaired is null ? answer.Body.WrittenMemory : WithRepairedContent(answer.Body.WrittenMemory, repaired);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, _context.RequestAborted).ConfigureAwait(false);
    }

    private static ReadOnlyMemory<byte> WithRepairedContent(ReadOnlyMemory<byte> answer, IReadOnlyDictionary<int, string> repaired)
    {
        var root = JsonNode.Parse(answer.Span)!;
        foreach (var choice in root["choices"]!.AsArray())
        {
            var index = choice!["index"]?.GetValue<int>() ?? 0;
            if (repaired.TryGetValue(index, out var content))
            {
                if (choice["message"] is JsonObject message)
                {
                    message["content"] = content;
                }
                else
                {
                    choice["text"] = content;
                }
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(root);
    }
}

/// <summary>Why an upstream answer, though it came, cannot be given to the client.</summary>
internal enum AnswerProblem
{
    None,
    TooLarge,
    NotACompletion,
}
