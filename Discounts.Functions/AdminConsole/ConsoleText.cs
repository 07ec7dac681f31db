using System.Text.Json;
using Discounts.Core.Codes;
using Discounts.Core.Reservations;

namespace Discounts.Functions.AdminConsole;

/// <summary>Short texts the console shows for domain values.</summary>
public static class ConsoleText
{
    /// <summary>"25% off" or "5.00 USD off".</summary>
    public static string Discount(DiscountCode code) => code.Kind == DiscountKind.Percent
        ? ConsoleFormat.Percent(code.PercentBps ?? 0) + " off"
        : ConsoleFormat.Money(code.AmountOff ?? 0, code.Currency ?? "usd") + " off";

    /// <summary>Why holds were released, in words.</summary>
    public static string ReleaseReason(string reason) => reason switch
    {
        Core.Reservations.ReleaseReason.Expired => "Hold expired unpaid",
        Core.Reservations.ReleaseReason.Cancelled => "Cancelled by the shopper",
        Core.Reservations.ReleaseReason.Replaced => "Replaced by another code",
        Core.Reservations.ReleaseReason.SessionExpired => "Checkout session expired",
        Core.Reservations.ReleaseReason.PaymentFailed => "Payment failed",
        Core.Reservations.ReleaseReason.Admin => "Released by an admin",
        _ => reason,
    };

    /// <summary>How many usages a code has had, in any state (none: archiving deletes it).</summary>
    public static long UsagesEver(CodeUsageCounts counts) =>
        counts.Reserved + counts.PaymentPending + counts.Confirmed + counts.Released + counts.Refunded + counts.OverLimit;

    /// <summary>
    /// A usage's risk signals (stored JSON: reason names, or objects with a <c>signal</c> and a <c>weight</c>) as short
    /// texts: "same device other accounts", "same device (80)".
    /// </summary>
    public static IReadOnlyList<string> Signals(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [json];
            }

            return document.RootElement.EnumerateArray().Select(signal => signal.ValueKind switch
            {
                JsonValueKind.String => Words(signal.GetString()!),
                JsonValueKind.Object when signal.TryGetProperty("signal", out var name) && name.ValueKind == JsonValueKind.String =>
                    Words(name.GetString()!) + (signal.TryGetProperty("weight", out var weight) && weight.ValueKind == JsonValueKind.Number ? $" ({weight.GetRawText()})" : ""),
                _ => signal.GetRawText(),
            }).ToList();
        }
        catch (JsonException)
        {
            return [json];
        }
    }

    private static string Words(string name) => name.Replace('_', ' ');
}
