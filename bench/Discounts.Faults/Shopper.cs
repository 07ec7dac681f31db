namespace Discounts.Faults;

/// <summary>One simulated customer: user id, bearer token and client address.</summary>
public sealed record Shopper(string UserId, string Token, string Ip);
