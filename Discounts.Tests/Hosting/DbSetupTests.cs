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
        Assert.Equal(128, settings.MaxAutoPrepare);
    }
}
