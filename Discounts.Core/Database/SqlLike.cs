namespace Discounts.Core.Database;

/// <summary>Search text for <c>LIKE ... ESCAPE '\'</c>: the user's <c>%</c>, <c>_</c> and <c>\</c> match themselves.</summary>
internal static class SqlLike
{
    public static string? Escape(string? text) =>
        text?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
