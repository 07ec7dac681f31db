using System.Text.Json.Serialization;
using Discounts.Core.Codes;

namespace Discounts.Functions.Contracts;

/// <summary><c>{ "kind": "percent", "percentOff": 25.0 }</c> or <c>{ "kind": "fixed", "amountOff": 1000, "currency": "usd" }</c>.</summary>
public sealed record DiscountTermsDto(
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? PercentOff,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? AmountOff,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Currency)
{
    public static DiscountTermsDto From(string kind, int? percentBps, long? amountOff, string? currency) => kind == DiscountKind.Percent
        ? new(kind, percentBps / 100m, null, null)
        : new(kind, null, amountOff, currency);
}
