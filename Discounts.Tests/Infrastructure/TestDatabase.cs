using Discounts.Core.Database;
using Npgsql;

namespace Discounts.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL for tests: the cluster the test command starts (DISCOUNTS_TEST_DB, default 127.0.0.1:55432).
/// Migrations are applied once per run to a template database; every fixture gets its own copy of it, so
/// no test depends on another's data.
/// </summary>
public static class TestDatabase
{
    private const string TemplateName = "discounts_test_template";
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    // Lazy, not `??=`: fixtures of classes running in parallel start at once, and two of them creating the
    // template would drop it WITH (FORCE) under each other's feet.
    private static readonly Lazy<Task> Template = new(CreateTemplateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("DISCOUNTS_TEST_DB") is { Length: > 0 } cs ? cs : "Host=127.0.0.1;Port=55432;Username=postgres";

    public static string For(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder(ServerConnectionString)
    {
        Database = database,
        Pooling = pooling,
        MaxPoolSize = 40,
        Timeout = 30,
        CommandTimeout = 60,
    }.ConnectionString;

    /// <summary>Creates a fresh, migrated database and returns its connection string.</summary>
    public static async Task<string> CreateAsync()
    {
        await Template.Value;
        var name = "t_" + Guid.NewGuid().ToString("N");
        await CreateLock.WaitAsync();
        try
        {
            await ExecuteOnServerAsync($"CREATE DATABASE {name} TEMPLATE {TemplateName}");
        }
        finally
        {
            CreateLock.Release();
        }

        return For(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        // FORCE gives the database's sessions 5 s to end; on a loaded machine that can run out, so try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static async Task CreateTemplateAsync()
    {
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)");
        await ExecuteOnServerAsync($"CREATE DATABASE {TemplateName}");
        await Migrator.MigrateAsync(For(TemplateName, pooling: false), createDatabase: false);
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(For("postgres", pooling: false));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
