namespace Discounts.Core.Reservations;

/// <summary>Apply's answer: the caller's hold, and whether this call created it (201) or found it (200).</summary>
public sealed record Reservation(Usage Usage, bool Created);
