using Dapper;
using Npgsql;

namespace Discounts.Core.Database;

/// <summary>Creates the process's one <see cref="NpgsqlDataSource"/> and configures Dapper once.</summary>
public static class DbSetup
{
    /// <summary>
    /// Connections per process when the connection string names no pool size. PostgreSQL does the most work per
    /// CPU second with few active backends: past that, requests wait in the pool (cheaply, in order) instead of
    /// in PostgreSQL's lock manager and the scheduler (measured in bench/README.md). No request holds two
    /// pooled connections at once, so a small pool cannot deadlock; a timer job holds at most three.
    /// </summary>
    public const int DefaultMaxPoolSize = 16;

    private static int configured;

    /// <summary>The data source; <paramref name="configure"/> adds what the host knows (a password provider, say).</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString, Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        ConfigureDapper();
        // Auto-prepare stays as the connection string says (Npgsql's default: off). Production reaches PostgreSQL
        // through PgBouncer in transaction mode, where a statement prepared on one backend is not there for the
        // next transaction, and another client's statement of the same name is (42P05, 08P01). A direct
        // connection, or PgBouncer >= 1.21 with max_prepared_statements, may turn it on with `Max Auto Prepare`
        // (bench/README.md measures what it saves).
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!NamesPoolSize(connectionString))
        {
            builder.ConnectionStringBuilder.MaxPoolSize = DefaultMaxPoolSize;
        }

        // The service keeps no session state (advisory locks are transaction-scoped, no SET, no LISTEN), so a
        // connection going back to the pool needs no reset: the reset was seven statements PostgreSQL parsed
        // and ran about four times per apply (pg_stat_statements, bench/README.md). Behind a transaction-mode
        // pooler a reset would also run on whichever backend is free, not on the one this session used.
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        configure?.Invoke(builder);
        return builder.Build();
    }

    private static bool NamesPoolSize(string connectionString) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal))
            .Any(k => k.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase) || k.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase));

    public static void ConfigureDapper()
    {
        if (Interlocked.Exchange(ref configured, 1) == 0)
        {
            DefaultTypeMap.MatchNamesWithUnderscores = true;
        }
    }
}
