using System.Globalization;

namespace Discounts.Bench;

/// <summary>The resident memory of a process, read from <c>/proc/&lt;pid&gt;/status</c> every 50 ms; keeps the highest seen.</summary>
public sealed class RssSampler : IDisposable
{
    private readonly int pid;
    private readonly Timer timer;
    private double peak;

    public RssSampler(int pid)
    {
        this.pid = pid;
        peak = Now();
        timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    /// <summary>The process's resident memory now, in MiB.</summary>
    public double Now() => Read(pid, "VmRSS:");

    /// <summary>The highest resident memory seen since the last call (or the start), in MiB; starts the next span.</summary>
    public double TakePeak()
    {
        Sample();
        lock (timer)
        {
            var value = peak;
            peak = Now();
            return value;
        }
    }

    public void Dispose() => timer.Dispose();

    /// <summary>A <c>/proc/&lt;pid&gt;/status</c> field in MiB (VmRSS: now; VmHWM: the peak since the process started).</summary>
    public static double Read(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private void Sample()
    {
        var now = Now();
        lock (timer)
        {
            peak = Math.Max(peak, now);
        }
    }
}
