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
