using System.Collections.Concurrent;

namespace Discounts.Faults;

/// <summary>
/// Every request of the suite, with what recovery needs live: when the last failure ended, when the last
/// success ended, and which requests are still waiting for an answer. A failure is no answer, a 5xx, a
/// timeout, or an answer slower than <see cref="SlowSeconds"/> (a request that waited out an outage) — except
/// for the timer functions, whose runs are batches that may take long when an outage left much to do.
/// </summary>
public sealed class RequestLog
{
    public const double SlowSeconds = 5;

    private readonly ConcurrentQueue<RequestRecord> records = new();
    private readonly ConcurrentDictionary<long, double> inFlight = new();
    private readonly Lock sync = new();
    private long nextId;
    private double lastFailureEnd = double.NegativeInfinity;
    private double lastSuccessEnd = double.NegativeInfinity;

    public int Phase { get; set; }

    public (long Id, double Start) Begin(string kind)
    {
        var id = Interlocked.Increment(ref nextId);
        var start = SuiteClock.Now;
        if (!kind.StartsWith("timer", StringComparison.Ordinal))
        {
            inFlight[id] = start;
        }

        return (id, start);
    }

    public void End((long Id, double Start) request, string kind, int status)
    {
        inFlight.TryRemove(request.Id, out _);
        var end = SuiteClock.Now;
        var record = new RequestRecord(Phase, kind, request.Start, end, status);
        records.Enqueue(record);
        lock (sync)
        {
            if (IsFailure(record))
            {
                lastFailureEnd = Math.Max(lastFailureEnd, end);
            }
            else
            {
                lastSuccessEnd = Math.Max(lastSuccessEnd, end);
            }
        }
    }

    /// <summary>A request given up by the suite itself (traffic stopped): not an answer of the service.</summary>
    public void Abandon((long Id, double Start) request) => inFlight.TryRemove(request.Id, out _);

    public static bool IsFailure(RequestRecord r) =>
        r.Status >= 500 || r.Status < 0 || (r.Seconds > SlowSeconds && !r.Kind.StartsWith("timer", StringComparison.Ordinal));

    public (double LastFailureEnd, double LastSuccessEnd, double OldestInFlight) Snapshot()
    {
        var oldest = inFlight.IsEmpty ? double.PositiveInfinity : inFlight.Values.DefaultIfEmpty(double.PositiveInfinity).Min();
        lock (sync)
        {
            return (lastFailureEnd, lastSuccessEnd, oldest);
        }
    }

    /// <summary>Every request as CSV (phase, kind, start, end, status), for a closer look at a phase.</summary>
    public async Task WriteCsvAsync(string path)
    {
        await using var file = new StreamWriter(path);
        await file.WriteLineAsync("phase,kind,start,end,status");
        foreach (var r in records.OrderBy(r => r.Start))
        {
            await file.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Phase},{r.Kind},{r.Start:0.000},{r.End:0.000},{r.Status}"));
        }
    }

    public IReadOnlyList<RequestRecord> OfPhase(int phase) => records.Where(r => r.Phase == phase).ToList();
}
