namespace Discounts.Functions.Functions;

/// <summary>Any amount a client sends is ignored: only the code and the template are read.</summary>
public sealed record ApplyDiscountRequest(string? Code, string? TemplateId);
