namespace Discounts.Core.Reservations;

/// <summary>How a new hold takes its slot.</summary>
internal enum SlotClaim
{
    /// <summary>Unlimited code: no slot.</summary>
    None,

    /// <summary>The first free slot not locked by another transaction.</summary>
    SkipLocked,

    /// <summary>Wait for locked free slots (only when SKIP LOCKED found none: their holders may roll back).</summary>
    Wait,
}
