using Discounts.Core.Reservations;

namespace Discounts.Functions.Usages;

/// <summary>
/// What the release did: <c>released</c>; <c>paid</c> (the provider said the customer paid: confirmed instead);
/// <c>payment_pending</c>; <c>not_active</c> (nothing to release) — and the usage as it is now.
/// </summary>
public sealed record ReleaseUsageResponse(string Result, AdminUsageResponse Usage);
