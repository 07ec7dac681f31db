namespace Discounts.Core.Codes;

/// <summary>A generation as created: done with its codes (written in the request), or queued for the background.</summary>
public sealed record GeneratedCodes(CodeGeneration Generation, IReadOnlyList<string>? Codes);
