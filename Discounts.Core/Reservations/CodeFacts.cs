namespace Discounts.Core.Reservations;

/// <summary>
/// What validate and apply decide on besides the code's terms, read with the code (<see cref="ReservationReads"/>):
/// its free slots (counted up to what the caller asked), and the caller's holds and uses (zero for an anonymous one).
/// </summary>
internal sealed record CodeFacts
{
    public int FreeSlots { get; init; }

    /// <summary>The caller's unpaid holds on the template, of any code.</summary>
    public int HoldsForTemplate { get; init; }

    public int Uses { get; init; }

    public bool HasPaidPurchase { get; init; }

    /// <summary>The caller's unpaid holds across all codes.</summary>
    public int ActiveHolds { get; init; }
}
