using System.Buffers;
using BenchmarkDotNet.Attributes;
using Gateway.Profiles.Configuration;
using Gateway.Profiles.Requests;

namespace Gateway.Benchmarks;

/// <summary>
/// The decoding-profile step of DecodingProfileStep, piece by piece, on realistic bodies: parse and check,
/// classify, decide (classify + profile + policy), rewrite into a reused buffer, and the whole step.
/// </summary>
[MemoryDiagnoser]
public class ProfileStepBenchmarks : IDisposable
{
    private GatewayPolicy _policy = null!;
    private ReadOnlyMemory<byte> _body;
    private CompletionRequest _request = null!;
    private ProfileDecision _decision = null!;
    private ArrayBufferWriter<byte> _output = null!;

    [ParamsSource(nameof(BodyNames))]
    public string Body { get; set; } = Bodies.Chat1K;

    public static IEnumerable<string> BodyNames => Bodies.All;

    [GlobalSetup]
    public void Setup()
    {
        _policy = Policy.FromRepositoryConfig();
        _body = Bodies.Build(Body);
        _request = CompletionRequest.Parse(_body, CompletionEndpoint.ChatCompletions, out var error)
            ?? throw new InvalidOperationException(error!.Message);
        _decision = _policy.Decide(_request, null, null);
        _output = new ArrayBufferWriter<byte>(_body.Length + 256);
        Console.WriteLine($"// {Body}: {_body.Length} bytes, task {_decision.Classification.Task}");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _request?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public string? Parse()
    {
        using var request = CompletionRequest.Parse(_body, CompletionEndpoint.ChatCompletions, out _);
        return request!.Model;
    }

    [Benchmark]
    public object Classify() => _policy.Classifier.Classify(_request, null);

    [Benchmark]
    public object Decide() => _policy.Decide(_request, null, null);

    [Benchmark]
    public int Rewrite()
    {
        _output.ResetWrittenCount();
        RequestBodyWriter.Write(_request, new BodyRewrite(_decision.Effective), _output);
        return _output.WrittenCount;
    }

    /// <summary>What DecodingProfileStep does between reading the body and calling YARP: parse, decide, write.</summary>
    [Benchmark]
    public int WholeStep()
    {
        using var request = CompletionRequest.Parse(_body, CompletionEndpoint.ChatCompletions, out _);
        var decided = _policy.Decide(request!, null, null);
        _output.ResetWrittenCount();
        RequestBodyWriter.Write(request!, new BodyRewrite(decided.Effective), _output);
        return _output.WrittenCount;
    }
}
