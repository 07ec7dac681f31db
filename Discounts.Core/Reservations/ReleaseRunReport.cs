namespace Discounts.Core.Reservations;

/// <summary>What one run of the release job did.</summary>
public sealed record ReleaseRunReport(bool Skipped, int Batches, int Released, int Confirmed, int PaymentPending, int Kept)
{
    public static readonly ReleaseRunReport SkippedRun = new(true, 0, 0, 0, 0, 0);
}
