using DbUp;
using Npgsql;

namespace Discounts.Core.Database;

/// <summary>
/// Applies the numbered SQL migrations embedded in this assembly (DbUp, one transaction per script),
/// the same scripts in tests and production. Instances starting together serialize on an advisory lock held by a
/// transaction of its own, so it works behind PgBouncer in transaction mode too: a session-level lock would be
/// taken on one pooled backend and released (or not) on another.
/// </summary>
public static class Migrator
{
    private const long MigrationLockKey = 0x4449_5343_4D49_4752; // "DISCMIGR"

    /// <summary>How long an instance waits for another one's migrations before it gives up.</summary>
    private const int LockWaitSeconds = 300;

    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, bool createDatabase, CancellationToken ct = default)
    {
        // DbUp runs its commands synchronously, which a multiplexing connection refuses.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Multiplexing = false }.ConnectionString;
        if (createDatabase)
        {
            EnsureDatabase.For.PostgresqlDatabase(connectionString, new DbUp.Engine.Output.NoOpUpgradeLog());
        }

        // The lock's transaction pins one backend (also behind a pooler) and does nothing else; DbUp works on its
        // own connections meanwhile. Ending the transaction, or losing the connection, releases the lock.
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", conn, tx) { CommandTimeout = LockWaitSeconds })
        {
            cmd.Parameters.AddWithValue("key", MigrationLockKey);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.Contains(".Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw MigrationFailedException.For(ScriptName(result.ErrorScript?.Name), result.Error);
        }

        await tx.CommitAsync(ct);
        return result.Scripts.Select(s => ScriptName(s.Name)).ToList();
    }

    /// <summary><c>0007_unpaid_holds.sql</c> for the embedded resource <c>Discounts.Core.Migrations.0007_unpaid_holds.sql</c>.</summary>
    private static string ScriptName(string? resource) =>
        resource is null ? "(unknown)" : resource[(resource.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
}
