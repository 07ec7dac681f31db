namespace Discounts.Core.Reconciliation;

/// <summary>
/// What the reconciliation found (and, with fix, corrected). Slot drift is corrected; the integrity findings
/// (money and usage disagreeing) are reported and alerted for a person to look at.
/// </summary>
public sealed record ReconciliationReport
{
    public bool Skipped { get; init; }
    public bool Fixed { get; init; }
    public int CodesChecked { get; init; }
    public int SlotRowsMissing { get; init; }
    public int SlotRowsExtra { get; init; }
    public int OrphanSlots { get; init; }
    public int HoldsWithoutSlot { get; init; }
    public int Corrected { get; init; }
    public int Uncorrectable { get; init; }
    public IReadOnlyList<Guid> PaidPurchasesWithoutConfirmedUsage { get; init; } = [];
    public IReadOnlyList<Guid> ConfirmedUsagesWithoutPaidPurchase { get; init; } = [];
    public IReadOnlyList<Guid> OverdueHolds { get; init; } = [];

    public bool DriftFound => SlotRowsMissing + SlotRowsExtra + OrphanSlots + HoldsWithoutSlot > 0;

    public bool NeedsAttention => DriftFound || PaidPurchasesWithoutConfirmedUsage.Count + ConfirmedUsagesWithoutPaidPurchase.Count + OverdueHolds.Count > 0;
}
