using Gateway.Profiles.Guard;
using Gateway.Proxy;
using Microsoft.Extensions.Primitives;

namespace Gateway.Guard;

/// <summary>An upstream answer held back from the client: its status, headers and body, and the verdict on it.</summary>
internal sealed class HeldAnswer(int status, KeyValuePair<string, StringValues>[] headers, PooledBufferWriter body, AnswerCheck? check) : IDisposable
{
    public int Status { get; } = status;

    public KeyValuePair<string, StringValues>[] Headers { get; } = headers;

    public PooledBufferWriter Body { get; } = body;

    public AnswerCheck? Check { get; } = check;

    public void Dispose() => Body.Dispose();
}
