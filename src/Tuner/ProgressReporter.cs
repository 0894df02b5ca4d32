using System.Diagnostics;

namespace Gateway.Tuner;

/// <summary>
/// A redrawn bar on stderr when it is a terminal; otherwise a plain line at most every 2 seconds (and at the end),
/// so CI logs stay readable.
/// </summary>
public sealed class ProgressReporter(TextWriter error, int total, bool interactive) : IProgress<int>
{
    private const int BarWidth = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan? _lastLine;

    public void Report(int done)
    {
        lock (_gate)
        {
            if (interactive)
            {
                var filled = total == 0 ? BarWidth : done * BarWidth / total;
                error.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {done}/{total} {_clock.Elapsed:mm\\:ss}");
                if (done == total)
                {
                    error.WriteLine();
                }
            }
            else if (done == total || _lastLine is not { } last || _clock.Elapsed - last >= TimeSpan.FromSeconds(2))
            {
                _lastLine = _clock.Elapsed;
                error.WriteLine($"progress: {done}/{total} requests ({_clock.Elapsed.TotalSeconds:0}s)");
            }
        }
    }
}
