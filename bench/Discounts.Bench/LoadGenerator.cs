using System.Diagnostics;

namespace Discounts.Bench;

/// <summary>
/// N concurrent workers, each sending requests one after another, until a request budget or a time budget is
/// spent (both bounded). Latency is measured per request on the client.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(string name, int clients, int maxRequests, TimeSpan maxTime, Func<int, Task<int>> send)
    {
        var latencies = new double[maxRequests];
        var statuses = new int[maxRequests];
        var next = -1;
        var errors = 0;
        var deadline = Stopwatch.StartNew();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            await gate.Task;
            while (deadline.Elapsed < maxTime)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= maxRequests)
                {
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    statuses[i] = await send(i);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    statuses[i] = -1;
                    Interlocked.Increment(ref errors);
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }).ToArray();
        var clock = Stopwatch.StartNew();
        gate.SetResult();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var done = Math.Min(next + 1, maxRequests);
        var taken = Enumerable.Range(0, done).Where(i => statuses[i] != 0).ToArray();
        return new LoadResult(name, clients, taken.Length, elapsed, taken.Select(i => latencies[i]).ToArray(),
            taken.GroupBy(i => statuses[i]).ToDictionary(g => g.Key, g => g.Count()), errors);
    }
}
