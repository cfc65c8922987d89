using System.Diagnostics;

namespace Holon.Demo;

/// <summary>
/// Counts finished operations and redraws one status line about four times a second. When output is redirected it
/// stays quiet until <see cref="Finish"/>, so logs get one line per backend instead of hundreds.
/// </summary>
internal sealed class Progress : IDisposable
{
    private readonly string _label;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private readonly Lock _draw = new();
    private long _done;

    public Progress(string label, long total)
    {
        _label = label;
        _total = total;
        if (!Console.IsOutputRedirected)
        {
            _timer = new Timer(_ => Draw(final: false), null, 0, 250);
        }
    }

    public void Add(long operations) => Interlocked.Add(ref _done, operations);

    public void Finish()
    {
        _timer?.Dispose();
        Draw(final: true);
    }

    public void Dispose() => _timer?.Dispose();

    private void Draw(bool final)
    {
        lock (_draw)
        {
            long done = Interlocked.Read(ref _done);
            double fraction = _total == 0 ? 1 : Math.Min(1, (double)done / _total);
            int filled = (int)(fraction * 24);
            var line = $"  {_label,-14} [{new string('#', filled)}{new string('.', 24 - filled)}] {fraction,4:P0}  {done,12:N0} / {_total:N0} ops  {_clock.Elapsed.TotalSeconds,6:F1} s";
            if (final)
            {
                Console.WriteLine(Console.IsOutputRedirected ? line : "\r" + line);
            }
            else
            {
                Console.Write("\r" + line);
            }
        }
    }
}
