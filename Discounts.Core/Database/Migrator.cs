using DbUp;
using Npgsql;

namespace Discounts.Core.Database;

/// <summary>
/// Applies the numbered SQL migrations embedded in this assembly (DbUp, one transaction per script),
/// the same scripts in tests and production. Instances starting together serialize on an advisory lock.
/// </summary>
public static class Migrator
{
    private const long MigrationLockKey = 0x4449_5343_4D49_4752; // "DISCMIGR"

    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, bool createDatabase, CancellationToken ct = default)
    {
        // DbUp runs its commands synchronously, which a multiplexing connection refuses.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Multiplexing = false }.ConnectionString;
        if (createDatabase)
        {
            EnsureDatabase.For.PostgresqlDatabase(connectionString, new DbUp.Engine.Output.NoOpUpgradeLog());
        }

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using (var cmd = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", conn))
        {
            cmd.Parameters.AddWithValue("key", MigrationLockKey);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.Contains(".Migrations.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build();
            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
            }

            return result.Scripts.Select(s => s.Name).ToList();
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", conn);
            unlock.Parameters.AddWithValue("key", MigrationLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
