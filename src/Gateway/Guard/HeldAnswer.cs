using Gateway.Profiles.Guard;
using Gateway.Proxy;
using Microsoft.Extensions.Primitives;

namespace Gateway.Guard;

/// <summary>An upstream answer held back from the client: its status, headers and body, and the verdict on it.</summary>
internal sealed class HeldAnswer(int status, KeyValuePair<string, StringValues>[] headers, PooledBufferWriter body) : IDisposable
{
    public int Status { get; } = status;

    public KeyValuePair<string, StringValues>[] Headers { get; } = headers;

    public PooledBufferWriter Body { get; } = body;

    /// <summary>What telemetry reads from the answer, when it is a completion.</summary>
    public CompletionFacts? Facts { get; set; }

    /// <summary>The validator's verdict, once the answer was checked.</summary>
    public AnswerCheck? Check { get; set; }

    public void Dispose() => Body.Dispose();
}
