namespace Discounts.Faults;

/// <summary>One failed check after a phase: which invariant, what was found, how many, and a few examples.</summary>
public sealed record Finding(string Invariant, string Check, int Count, IReadOnlyList<string> Samples, bool HalfWritten = false)
{
    public override string ToString() => $"{Invariant}: {Check}: {Count}" + (Samples.Count > 0 ? $" (e.g. {string.Join("; ", Samples)})" : "");
}
