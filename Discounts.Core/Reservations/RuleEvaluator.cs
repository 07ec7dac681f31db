using Discounts.Core.Codes;
using Discounts.Core.Common;
using Discounts.Core.Pricing;
using Discounts.Core.Templates;

namespace Discounts.Core.Reservations;

/// <summary>
/// The code's rules that need no per-user data, in a fixed order so every caller gets the same rule code
/// for the same facts. Windows are half-open: usable from <c>starts_at</c> inclusive until <c>expires_at</c>
/// exclusive, compared on the application's clock only (EC-021, EC-042).
/// </summary>
internal static class RuleEvaluator
{
    public static string? CheckCode(DiscountCode code, Template? template, DateTime now)
    {
        if (code.Status != CodeStatus.Active)
        {
            return RuleCodes.CodeInactive;
        }

        if (code.StartsAt is { } starts && now < starts)
        {
            return RuleCodes.CodeNotStarted;
        }

        if (code.ExpiresAt is { } expires && now >= expires)
        {
            return RuleCodes.CodeExpired;
        }

        if (template is null || !template.Active)
        {
            return RuleCodes.TemplateNotFound;
        }

        if (code.TemplateIds.Length > 0 && !code.TemplateIds.Contains(template.Id))
        {
            return RuleCodes.NotApplicable;
        }

        if (code.Kind == DiscountKind.Fixed && !string.Equals(code.Currency, template.Currency, StringComparison.Ordinal))
        {
            return RuleCodes.CurrencyMismatch;
        }

        if (code.MinOrderAmount is { } minimum && template.Price < minimum)
        {
            return RuleCodes.MinOrderNotMet;
        }

        return null;
    }

    /// <summary>The per-user rules, given the user's facts.</summary>
    public static string? CheckUser(DiscountCode code, int userUses, bool hasPaidPurchase)
    {
        if (code.FirstPurchaseOnly && hasPaidPurchase)
        {
            return RuleCodes.FirstPurchaseOnly;
        }

        return userUses >= code.MaxUsesPerUser ? RuleCodes.AlreadyUsed : null;
    }

    public static PriceQuote Price(DiscountCode code, Template template) => PriceCalculator.Quote(template.Price, template.Currency, code);
}
