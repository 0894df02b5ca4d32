using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Gateway.Guard;

/// <summary>How one upstream attempt ended.</summary>
internal enum AttemptKind
{
    /// <summary>The answer already went to the client (streamed through, or an error vLLM sent): nothing to retry.</summary>
    Delivered,

    /// <summary>A held answer that passed validation (or needed none).</summary>
    Valid,

    /// <summary>A held answer that failed validation.</summary>
    Invalid,

    /// <summary>A fault before any byte reached the client: refused, reset, timed out, 502/503/504, garbage.</summary>
    Transient,

    /// <summary>An answer that cannot be delivered and is not worth retrying (larger than the limit).</summary>
    Rejected,
}

internal sealed record AttemptResult(AttemptKind Kind, bool Duplicate = false);

/// <summary>
/// The upstream failure domains as Polly pipelines, built once. <see cref="Validating"/>: a time budget around a
/// retry whose budget is shared by validation failures and transient faults. <see cref="PassThrough"/>: the same
/// retry for transient faults alone, without a budget timer (YARP's activity timeout bounds each attempt), so an
/// answer that needs no validation pays no timer. Everything that varies per request (the exchange, its budget,
/// attempt count and next plan) travels in <see cref="ResilienceContext"/> properties.
/// </summary>
internal static class AttemptPipeline
{
    public static readonly ResiliencePropertyKey<UpstreamExchange> Exchange = new("gateway.exchange");

    public static ResiliencePipeline<AttemptResult> Validating { get; } = new ResiliencePipelineBuilder<AttemptResult>()
        .AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = static args => ValueTask.FromResult(ExchangeOf(args.Context).TimeBudget),
        })
        .AddRetry(Retry)
        .Build();

    public static ResiliencePipeline<AttemptResult> PassThrough { get; } = new ResiliencePipelineBuilder<AttemptResult>()
        .AddRetry(Retry)
        .Build();

    private static RetryStrategyOptions<AttemptResult> Retry => new()
        {
            MaxRetryAttempts = 9, // the most a ladder allows (MaxAttempts ≤ 10); the exchange's own budget decides
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
            {
                { Result.Kind: AttemptKind.Invalid or AttemptKind.Transient } => args.AttemptNumber + 1 < ExchangeOf(args.Context).MaxAttempts,
                _ => false,
            }),
            DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result?.Kind switch
            {
                // Transient faults back off (doubling); a failed validation retries at once with changed inputs.
                AttemptKind.Transient => ExchangeOf(args.Context).TransientBackoff * Math.Pow(2, args.AttemptNumber),
                _ => TimeSpan.Zero,
            }),
            OnRetry = static args =>
            {
                ExchangeOf(args.Context).PlanNext(args.Outcome.Result!);
                return default;
            },
        };

    private static UpstreamExchange ExchangeOf(ResilienceContext context) => context.Properties.GetValue(Exchange, null!);
}
