using Discounts.Core.Database;
using Npgsql;

namespace Discounts.Tests.Hosting;

/// <summary>The pool the service runs with: its default cap unless the connection string names one, never reset on return.</summary>
public sealed class DbSetupTests
{
    [Theory]
    [InlineData("Host=db;Username=app", DbSetup.DefaultMaxPoolSize)]
    [InlineData("Host=db;Username=app;Maximum Pool Size=40", 40)]
    [InlineData("Host=db;Username=app;MaxPoolSize=5", 5)]
    public async Task CreateDataSource_PoolSizeFromTheConnectionStringOrTheDefault(string connectionString, int expected)
    {
        await using var dataSource = DbSetup.CreateDataSource(connectionString);
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal(expected, settings.MaxPoolSize);
        Assert.True(settings.NoResetOnClose);
    }

    [Theory]
    [InlineData("Host=db;Username=app", 0)]
    [InlineData("Host=db;Username=app;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=app;Max Auto Prepare=64", 64)]
    public async Task CreateDataSource_AutoPrepareOnlyWhenTheConnectionStringAsks(string connectionString, int expected)
    {
        // Off by default: behind PgBouncer in transaction mode (production) a statement prepared on one backend
        // is not there for the next transaction; only a direct connection (or PgBouncer >= 1.21 with
        // max_prepared_statements) may turn it on.
        await using var dataSource = DbSetup.CreateDataSource(connectionString);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }
}
