namespace Discounts.Core.Common;

/// <summary>The stable rule codes of api.md, shared by validate's <c>reason</c> and apply's 422 <c>code</c>.</summary>
public static class RuleCodes
{
    public const string CodeNotFound = "code_not_found";
    public const string CodeInactive = "code_inactive";
    public const string CodeNotStarted = "code_not_started";
    public const string CodeExpired = "code_expired";
    public const string CodeExhausted = "code_exhausted";
    public const string AlreadyUsed = "already_used";
    public const string TemplateNotFound = "template_not_found";
    public const string NotApplicable = "not_applicable";
    public const string MinOrderNotMet = "min_order_not_met";
    public const string CurrencyMismatch = "currency_mismatch";
    public const string FirstPurchaseOnly = "first_purchase_only";
    public const string ReservationInactive = "reservation_inactive";

    /// <summary>Human-readable text for a rule code; unknown codes get a generic text (EC-015: no hints).</summary>
    public static string Message(string code) => code switch
    {
        CodeNotFound => "This code is not valid.",
        CodeInactive => "This code is not active.",
        CodeNotStarted => "This code is not active yet.",
        CodeExpired => "This code has expired.",
        CodeExhausted => "This code has been fully redeemed.",
        AlreadyUsed => "You have already used this code.",
        TemplateNotFound => "The template does not exist.",
        NotApplicable => "This code does not apply to this template.",
        MinOrderNotMet => "The order does not reach this code's minimum amount.",
        CurrencyMismatch => "This code is for another currency.",
        FirstPurchaseOnly => "This code is for a first purchase only.",
        ReservationInactive => "The reservation is no longer active.",
        Errors.HoldLimitReached => "Too many reservations are held at once; finish or cancel one first.",
        Errors.SharedHoldLimit => "This code is nearly gone and enough of it is reserved from your network or device; try again in a few minutes.",
        _ => "This code cannot be used.",
    };
}
