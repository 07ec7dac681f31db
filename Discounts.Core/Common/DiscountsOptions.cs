namespace Discounts.Core.Common;

/// <summary>Settings of the core flows (api.md "Settings").</summary>
public sealed class DiscountsOptions
{
    /// <summary>Hold length after apply, and again (once) after checkout creation.</summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Stripe Checkout session length; Stripe requires at least 30 minutes.</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Holds one user may have open at once across all codes (EC-044: denial of inventory).</summary>
    public int MaxActiveHoldsPerUser { get; set; } = 3;

    /// <summary>
    /// A limited code is scarce while it has at most this many free slots; only then do the per-address and
    /// per-device caps below apply (EC-044), so an honest crowd behind one address is never capped on a code with
    /// slots to spare.
    /// </summary>
    public int ScarceFreeSlots { get; set; } = 50;

    /// <summary>Unpaid holds of one scarce code from one client address at once, across accounts.</summary>
    public int MaxHoldsPerAddress { get; set; } = 5;

    /// <summary>Unpaid holds of one scarce code from one device fingerprint at once, across accounts.</summary>
    public int MaxHoldsPerDevice { get; set; } = 2;

    /// <summary>How many overdue holds the release job takes per batch.</summary>
    public int ReleaseBatchSize { get; set; } = 100;
}
