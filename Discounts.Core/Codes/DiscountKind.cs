namespace Discounts.Core.Codes;

public static class DiscountKind
{
    public const string Percent = "percent";
    public const string Fixed = "fixed";
}
