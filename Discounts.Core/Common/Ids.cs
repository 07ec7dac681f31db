namespace Discounts.Core.Common;

/// <summary>Identifiers: time-ordered UUIDs (v7) keep the primary-key indexes append-mostly.</summary>
public static class Ids
{
    public static Guid New() => Guid.CreateVersion7();
}
