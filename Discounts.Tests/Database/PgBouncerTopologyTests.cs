using System.Net;
using Dapper;
using Discounts.Core.Database;
using Discounts.Tests.Infrastructure;
using Npgsql;

namespace Discounts.Tests.Database;

/// <summary>The app as production runs it: through PgBouncer 1.18 in transaction mode, with its default connection string.</summary>
public sealed class PgBouncerTopologyTests(PgBouncerTopologyTests.Factory app) : IClassFixture<PgBouncerTopologyTests.Factory>
{
    public sealed class Factory : AppFactory
    {
        protected override bool? ThroughPgBouncer => true;
    }

    [Fact]
    public async Task HealthAndValidate_ManyAtOnceThroughTransactionPooling_AllAnswer200()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync();
        using var client = app.CreateClient();

        // Each request's statements land on whichever server connection is free: a statement prepared on one
        // backend by one client must never be executed by another (42P05, 08P01 with auto-prepare).
        var statuses = await Race.RunAsync(60, async i =>
        {
            using var response = i % 2 == 0
                ? await client.GetAsync("/api/health")
                : await client.GetAsync($"/api/discount/validate?code={code.Code}&templateId={template.Id}");
            return response.StatusCode;
        });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Migrate_SeveralInstancesStartingAtOnceThroughPgBouncer_AllSucceedAndNoLockIsLeftBehind()
    {
        var name = await TestDatabase.CreateEmptyAsync();
        var connectionString = TestDatabase.ThroughPooler(name);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator.MigrateAsync(connectionString, createDatabase: false, timeout.Token))));

            Assert.Equal(1, applied.Count(a => a.Count > 0));
            Assert.Equal(0, await AdvisoryLocksAsync(name));
            // A later start migrates nothing and does not wait for a lock an idle pooled backend kept.
            Assert.Empty(await Migrator.MigrateAsync(connectionString, createDatabase: false, timeout.Token));
        }
        finally
        {
            await TestDatabase.DropAsync(TestDatabase.For(name));
        }
    }

    private static async Task<long> AdvisoryLocksAsync(string database)
    {
        await using var conn = new NpgsqlConnection(TestDatabase.For("postgres", pooling: false));
        return await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = @database",
            new { database });
    }
}
