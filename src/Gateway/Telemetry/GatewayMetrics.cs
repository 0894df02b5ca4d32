using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gateway.Profiles.Guard;
using Gateway.Profiles.Tasks;
using Gateway.Proxy;
using A = Gateway.Telemetry.GatewayTelemetry.Attributes;

namespace Gateway.Telemetry;

/// <summary>
/// The gateway's instruments: the GenAI client metrics (with the conventions' bucket boundaries) and the
/// gateway's own, by task and profile. Exported by OTLP and as Prometheus text on /metrics.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Gateway";

    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
    private static readonly double[] TemperatureBuckets = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.5, 2.0];

    private readonly Histogram<double> _duration;
    private readonly Histogram<long> _tokens;
    private readonly Histogram<double> _timeToFirstChunk;
    private readonly Counter<long> _requests;
    private readonly Histogram<int> _attempts;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _validationFailures;
    private readonly Histogram<double> _temperature;
    private readonly Counter<long> _shadowDisagreements;

    public GatewayMetrics(IMeterFactory meterFactory, AdaptiveTemperatures adaptive)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(adaptive);
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram("gen_ai.client.operation.duration", "s", "Duration of GenAI operations through the gateway.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _tokens = meter.CreateHistogram("gen_ai.client.token.usage", "{token}", "Tokens used by the delivered answers.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _timeToFirstChunk = meter.CreateHistogram("gateway.time_to_first_chunk", "s", "Time until the first byte of the answer reached the client.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _requests = meter.CreateCounter<long>("gateway.requests", "{request}", "Chat and completion requests by task, profile and outcome.");
        _attempts = meter.CreateHistogram("gateway.attempts", "{attempt}", "Upstream attempts per request.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 3, 4, 5, 6, 8, 10] });
        _retries = meter.CreateCounter<long>("gateway.retries", "{retry}", "Upstream retries, by reason (validation or transient).");
        _validationFailures = meter.CreateCounter<long>("gateway.validation.failures", "{answer}", "Answers that failed validation.");
        _temperature = meter.CreateHistogram("gateway.temperature.effective", null, "Temperature sent upstream (the delivered attempt's).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TemperatureBuckets });
        _shadowDisagreements = meter.CreateCounter<long>("gateway.classifier.shadow.disagreements", "{request}",
            "Requests on which the shadow rule set chose another task.");
        meter.CreateObservableGauge("gateway.adaptive.temperature", () => adaptive.Snapshot().Select(
            static p => new Measurement<double>(p.Value.Current, new KeyValuePair<string, object?>(A.Profile, p.Key))),
            null, "Adaptive starting temperature per profile.");
    }

    public void RecordShadowDisagreement(TaskKind active, TaskKind shadow) =>
        _shadowDisagreements.Add(1, new(A.Task, active.ToName()), new(A.ShadowTask, shadow.ToName()));

    public void RecordRequest(GatewayDecision decision, int status)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var task = new KeyValuePair<string, object?>(A.Task, decision.Profile.Task.ToName());
        var profile = new KeyValuePair<string, object?>(A.Profile, decision.Profile.Name);
        var operation = new KeyValuePair<string, object?>(A.OperationName, GatewayTelemetry.OperationName(decision.Endpoint));
        var model = new KeyValuePair<string, object?>(A.RequestModel, decision.Model);

        var duration = new TagList { operation, new(A.ProviderName, GatewayTelemetry.ProviderName), model, task, profile };
        if (decision.ResponseModel is not null)
        {
            duration.Add(A.ResponseModel, decision.ResponseModel);
        }

        if (decision.ErrorType is not null)
        {
            duration.Add(A.ErrorType, decision.ErrorType);
        }

        _duration.Record(Stopwatch.GetElapsedTime(decision.StartedAt).TotalSeconds, duration);
        if (decision.InputTokens is { } input)
        {
            _tokens.Record(input, operation, model, task, profile, new(A.TokenType, "input"));
        }

        if (decision.OutputTokens is { } output)
        {
            _tokens.Record(output, operation, model, task, profile, new(A.TokenType, "output"));
        }

        if (decision.TimeToFirstChunk is { } firstChunk)
        {
            _timeToFirstChunk.Record(firstChunk.TotalSeconds, task, profile);
        }

        _requests.Add(1, task, profile, new(A.Validation, decision.Validation), new(A.HttpStatusCode, status), new(A.ApiKeyName, decision.ApiKeyName));
        _attempts.Record(decision.Attempts, task, profile);
        if (decision.ValidationFailures > 0)
        {
            _validationFailures.Add(decision.ValidationFailures, task, profile);
            _retries.Add(Math.Min(decision.ValidationFailures, decision.Attempts - 1), task, profile, new(A.RetryReason, "validation"));
        }

        if (decision.TransientRetries > 0)
        {
            _retries.Add(decision.TransientRetries, task, profile, new(A.RetryReason, "transient"));
        }

        if (decision.EffectiveParameters.Temperature is { } temperature)
        {
            _temperature.Record(temperature, task, profile);
        }
    }
}
