namespace Discounts.Core.Admin;

public static class ReviewDecision
{
    public const string Approve = "approve";
    public const string Reject = "reject";
}
