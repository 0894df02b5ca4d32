namespace Gateway.Simulator.Infrastructure;

/// <summary>Bounded in-memory log of API requests (oldest dropped first) for test assertions.</summary>
public sealed class RequestLog
{
    public const int Capacity = 1000;

    private readonly Queue<RecordedRequest> _entries = new();
    private readonly Lock _gate = new();

    public void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _entries.Enqueue(request);
            while (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
