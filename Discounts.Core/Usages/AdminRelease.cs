using Discounts.Core.Reservations;

namespace Discounts.Core.Usages;

/// <summary>An admin's release of a hold: what happened (released, or paid after all, ...) and the usage after it.</summary>
public sealed record AdminRelease(HoldReleaseResult Result, Usage Usage);
