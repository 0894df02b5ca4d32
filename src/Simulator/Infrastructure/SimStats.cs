namespace Gateway.Simulator.Infrastructure;

/// <summary>Counters of generation requests (chat + completions) that gateway tests assert on.</summary>
public sealed class SimStats
{
    private readonly Lock _gate = new();
    private long _requests;
    private long _completed;
    private long _cancelled;
    private TaskCompletionSource _changed = NewSignal();

    public sealed record Snapshot(long Requests, long Completed, long Cancelled);

    public Snapshot Current
    {
        get
        {
            lock (_gate)
            {
                return new Snapshot(_requests, _completed, _cancelled);
            }
        }
    }

    public void RequestStarted() => Update(() => _requests++);

    public void RequestCompleted() => Update(() => _completed++);

    /// <summary>Counted when the client went away before the answer was fully sent.</summary>
    public void RequestCancelled() => Update(() => _cancelled++);

    public void Reset() => Update(() => _requests = _completed = _cancelled = 0);

    /// <summary>Waits until the counters satisfy the predicate: lets tests synchronise without sleeping.</summary>
    public async Task WaitForAsync(Func<Snapshot, bool> predicate, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (predicate(new Snapshot(_requests, _completed, _cancelled)))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    private void Update(Action change)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            change();
            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
