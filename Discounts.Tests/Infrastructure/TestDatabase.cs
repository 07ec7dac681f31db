using Discounts.Core.Database;
using Npgsql;

namespace Discounts.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL for tests: the cluster the test command starts (DISCOUNTS_TEST_DB, default 127.0.0.1:55432),
/// and the PgBouncer in transaction mode it starts in front of it (DISCOUNTS_TEST_PGBOUNCER, default
/// 127.0.0.1:55439), production's topology. Migrations are applied once per run to a template database; every
/// fixture gets its own copy of it, so no test depends on another's data. With DISCOUNTS_TEST_TOPOLOGY=pgbouncer
/// every fixture's connection string goes through PgBouncer (the test command's second run); databases are
/// created and dropped on the direct connection either way.
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

    public static string PgBouncerConnectionString =>
        Environment.GetEnvironmentVariable("DISCOUNTS_TEST_PGBOUNCER") is { Length: > 0 } cs ? cs : "Host=127.0.0.1;Port=55439;Username=postgres";

    /// <summary>This run's fixtures reach their databases through PgBouncer.</summary>
    public static bool ThroughPgBouncer => Environment.GetEnvironmentVariable("DISCOUNTS_TEST_TOPOLOGY") == "pgbouncer";

    public static string For(string database, bool pooling = true) => With(ServerConnectionString, database, pooling);

    /// <summary>The database through PgBouncer (transaction pooling), as production reaches it.</summary>
    public static string ThroughPooler(string database) => With(PgBouncerConnectionString, database, pooling: true);

    private static string With(string server, string database, bool pooling) => new NpgsqlConnectionStringBuilder(server)
    {
        Database = database,
        Pooling = pooling,
        MaxPoolSize = 40,
        Timeout = 30,
        CommandTimeout = 60,
    }.ConnectionString;

    /// <summary>Creates a fresh, migrated database and returns its connection string (through PgBouncer when asked, or when this run says so).</summary>
    public static async Task<string> CreateAsync(bool? throughPgBouncer = null)
    {
        await Template.Value;
        var name = await CreateEmptyAsync(TemplateName);
        return throughPgBouncer ?? ThroughPgBouncer ? ThroughPooler(name) : For(name);
    }

    /// <summary>Creates a database (a copy of <paramref name="template"/>, or empty) and returns its name.</summary>
    public static async Task<string> CreateEmptyAsync(string template = "template0")
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await CreateLock.WaitAsync();
        try
        {
            await ExecuteOnServerAsync($"CREATE DATABASE {name} TEMPLATE {template}");
        }
        finally
        {
            CreateLock.Release();
        }

        return name;
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

    public static async Task ExecuteOnServerAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(For("postgres", pooling: false));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
