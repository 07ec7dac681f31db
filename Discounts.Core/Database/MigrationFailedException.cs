namespace Discounts.Core.Database;

/// <summary>A migration script failed; it ran in its own transaction, so it left nothing behind (earlier scripts stay applied).</summary>
public sealed class MigrationFailedException : Exception
{
    public MigrationFailedException()
    {
    }

    public MigrationFailedException(string message)
        : base(message)
    {
    }

    public MigrationFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The script's file name, e.g. <c>0007_unpaid_holds.sql</c>.</summary>
    public string Script { get; private init; } = "";

    public static MigrationFailedException For(string script, Exception error) =>
        new($"Migration {script} failed: {error.Message.Split('\n')[0].Trim()}", error) { Script = script };
}
