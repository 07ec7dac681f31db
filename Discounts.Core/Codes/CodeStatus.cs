namespace Discounts.Core.Codes;

public static class CodeStatus
{
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Archived = "archived";
}
