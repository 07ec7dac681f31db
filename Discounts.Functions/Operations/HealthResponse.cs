namespace Discounts.Functions.Operations;

public sealed record HealthResponse(string Status, string Database, string Version);
