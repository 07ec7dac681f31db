using System.Diagnostics;

namespace Discounts.Faults;

/// <summary>Seconds since the suite started, from one monotonic clock, so every timing compares with every other.</summary>
public static class SuiteClock
{
    private static readonly long Started = Stopwatch.GetTimestamp();

    public static double Now => Stopwatch.GetElapsedTime(Started).TotalSeconds;
}
