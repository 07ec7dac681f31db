using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Discounts.Bench;

/// <summary>
/// Requests started on a fixed schedule whether or not the earlier ones have answered (an open loop, as independent
/// shoppers arrive), each timed from the moment it was due, not from when it was sent: a stall delays every request
/// scheduled behind it and shows in the percentiles, instead of hiding in requests a closed loop never sent
/// (coordinated omission). Latencies go into an HdrHistogram in microseconds.
/// </summary>
public static class OpenLoop
{
    private static readonly long HighestMicroseconds = (long)TimeSpan.FromMinutes(2).TotalMicroseconds;

    public static async Task<OpenLoopResult> RunAsync(string name, double rate, double shareOfCapacity, TimeSpan duration, Func<int, Task<int>> send)
    {
        var histogram = new LongHistogram(HighestMicroseconds, 3);
        var statuses = new ConcurrentDictionary<int, int>();
        var count = (int)(rate * duration.TotalSeconds);
        var inFlight = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            inFlight.Add(SendAsync(i, due));
        }

        await Task.WhenAll(inFlight);
        return new OpenLoopResult(name, rate, shareOfCapacity, count, histogram, new SortedDictionary<int, int>(statuses));

        async Task SendAsync(int i, TimeSpan due)
        {
            int status;
            try
            {
                status = await send(i);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                status = -1;
            }

            var latency = clock.Elapsed - due;
            lock (histogram)
            {
                histogram.RecordValue(Math.Clamp((long)latency.TotalMicroseconds, 1, HighestMicroseconds));
            }

            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        }
    }
}

/// <summary>One open-loop run: the arrival rate, what share of the measured capacity it is, and the latency histogram.</summary>
public sealed record OpenLoopResult(string Name, double Rate, double ShareOfCapacity, int Requests, HistogramBase Histogram, SortedDictionary<int, int> Statuses)
{
    /// <summary>Milliseconds at percentile <paramref name="p"/> (0-100).</summary>
    public double Percentile(double p) => Histogram.GetValueAtPercentile(p) / 1000.0;
}
