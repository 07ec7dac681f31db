using Dapper;
using Npgsql;

namespace Discounts.Core.Database;

/// <summary>Creates the process's one <see cref="NpgsqlDataSource"/> and configures Dapper once.</summary>
public static class DbSetup
{
    private static int configured;

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ConfigureDapper();
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // Every hot statement is the same few SQL texts: prepared once per physical connection, they skip the
            // planner on each execution (measured in bench/README.md). A connection string may set its own value.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 128;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        // The service keeps no session state (advisory locks are transaction-scoped, no SET, no LISTEN), so a
        // connection going back to the pool needs no reset: the reset was seven statements PostgreSQL parsed
        // and ran about four times per apply (pg_stat_statements, bench/README.md).
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        return builder.Build();
    }

    public static void ConfigureDapper()
    {
        if (Interlocked.Exchange(ref configured, 1) == 0)
        {
            DefaultTypeMap.MatchNamesWithUnderscores = true;
        }
    }
}
