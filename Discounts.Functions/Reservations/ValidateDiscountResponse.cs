using System.Text.Json.Serialization;
using Discounts.Functions.Contracts;

namespace Discounts.Functions.Reservations;

public sealed record ValidateDiscountResponse(
    bool Valid,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DiscountTermsDto? Discount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PricingDto? Pricing,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);
