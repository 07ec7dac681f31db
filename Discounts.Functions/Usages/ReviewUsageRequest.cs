namespace Discounts.Functions.Usages;

/// <summary><c>{ "decision": "approve" | "reject", "note": "..." }</c>.</summary>
public sealed record ReviewUsageRequest(string? Decision, string? Note);
