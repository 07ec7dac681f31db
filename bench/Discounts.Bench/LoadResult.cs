namespace Discounts.Bench;

/// <summary>One scenario's numbers: throughput over the wall time, latency percentiles, answers by status.</summary>
public sealed record LoadResult(string Name, int Clients, int Requests, TimeSpan Elapsed, double[] LatenciesMs, Dictionary<int, int> Statuses, int Errors)
{
    public double Throughput => Requests / Elapsed.TotalSeconds;

    /// <summary>CPU used during the scenario (null when not measured).</summary>
    public CpuSample? Cpu { get; init; }

    /// <summary>CPU milliseconds per request of one party.</summary>
    public double CpuMsPerRequest(Func<CpuSample, double> party) => Cpu is null || Requests == 0 ? double.NaN : party(Cpu) * 1000 / Requests;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var sorted = LatenciesMs.Order().ToArray();
        var index = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}
