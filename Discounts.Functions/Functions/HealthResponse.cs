namespace Discounts.Functions.Functions;

public sealed record HealthResponse(string Status, string Database, string Version);
