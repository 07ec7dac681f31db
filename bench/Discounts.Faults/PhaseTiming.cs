namespace Discounts.Faults;

/// <summary>How long each part of a phase lasts: short for CI (<c>--quick</c>), longer otherwise.</summary>
public sealed record PhaseTiming(double WarmSeconds, double OutageSeconds, double MinAfterSeconds, double StableSeconds, double RecoveryCapSeconds, double DrainSeconds)
{
    public static PhaseTiming For(bool quick) => quick
        ? new PhaseTiming(WarmSeconds: 1.5, OutageSeconds: 2.5, MinAfterSeconds: 1, StableSeconds: 1.5, RecoveryCapSeconds: 30, DrainSeconds: 20)
        : new PhaseTiming(WarmSeconds: 6, OutageSeconds: 10, MinAfterSeconds: 6, StableSeconds: 3, RecoveryCapSeconds: 120, DrainSeconds: 90);
}
