namespace Discounts.Core.Reservations;

/// <summary>
/// Where a usage stands in the admins' review queue (column <c>discount_usage.review_status</c>): none, pending
/// (medium risk at apply, a dispute, paid after the code ran out), then approved or rejected by an admin.
/// </summary>
public static class ReviewStatus
{
    public const string None = "none";
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}
