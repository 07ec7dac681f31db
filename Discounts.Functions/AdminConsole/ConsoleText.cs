using Discounts.Core.Codes;

namespace Discounts.Functions.AdminConsole;

/// <summary>Short texts the console shows for domain values.</summary>
public static class ConsoleText
{
    /// <summary>"25% off" or "5.00 USD off".</summary>
    public static string Discount(DiscountCode code) => code.Kind == DiscountKind.Percent
        ? ConsoleFormat.Percent(code.PercentBps ?? 0) + " off"
        : ConsoleFormat.Money(code.AmountOff ?? 0, code.Currency ?? "usd") + " off";
}
