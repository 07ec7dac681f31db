namespace Discounts.Core.Codes;

/// <summary>Where a <see cref="CodeGeneration"/> is: queued, running (some chunks written), done, or failed (its error says why).</summary>
public static class CodeGenerationStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}
