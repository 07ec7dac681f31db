namespace Discounts.Functions.Reconciliation;

/// <summary><c>{ "fix": false }</c>: false reports only (a dry run); true also corrects slot drift.</summary>
public sealed record RunIntegrityCheckRequest(bool Fix);
