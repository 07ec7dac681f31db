using System.Net;
using Dapper;
using Discounts.Core.Database;
using Discounts.Core.Reservations;
using Discounts.Tests.Infrastructure;
using Npgsql;
using Discounts.Functions.Codes;

namespace Discounts.Tests.Database;

/// <summary>
/// Honest errors: a database that is down, restarting, full or in a lock knot is 503 with Retry-After (clients
/// retry); a permanent error is never dressed as an outage — the contract's 4xx where the request caused it,
/// otherwise 500 <c>internal_error</c>.
/// </summary>
public sealed class DatabaseErrorTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("08006", "FATAL")] // connection failure (PgBouncer reports its own as class 08 too)
    [InlineData("57P01", "FATAL")] // admin shutdown: the server is restarting
    [InlineData("57P02", "FATAL")] // crash shutdown
    [InlineData("57P03", "FATAL")] // cannot connect now: starting up or in recovery
    [InlineData("53300", "FATAL")] // too many connections
    [InlineData("53100", "ERROR")] // disk full
    [InlineData("40001", "ERROR")] // serialization failure, once the retries are spent
    [InlineData("40P01", "ERROR")] // deadlock, once the retries are spent
    [InlineData("55P03", "ERROR")] // lock not available
    [InlineData("57014", "ERROR")] // statement timeout
    [InlineData("55000", "FATAL")] // database not accepting connections
    public void IsTransient_OutageClasses_True(string sqlState, string severity) =>
        Assert.True(DatabaseErrors.IsTransient(new PostgresException("m", severity, severity, sqlState)));

    [Theory]
    [InlineData("23503", "ERROR")] // foreign-key violation
    [InlineData("23505", "ERROR")] // unique violation
    [InlineData("23514", "ERROR")] // check violation
    [InlineData("22P02", "ERROR")] // invalid text representation
    [InlineData("42P01", "ERROR")] // undefined table: a bug or a missing migration
    [InlineData("42501", "ERROR")] // insufficient privilege: a deployment bug
    [InlineData("55000", "ERROR")] // object not in prerequisite state inside a session: a bug
    public void IsTransient_PermanentClasses_False(string sqlState, string severity) =>
        Assert.False(DatabaseErrors.IsTransient(new PostgresException("m", severity, severity, sqlState)));

    [Fact]
    public void IsTransient_ConnectionFailures_True()
    {
        Assert.True(DatabaseErrors.IsTransient(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException())));
        Assert.True(DatabaseErrors.IsTransient(new NpgsqlException("The operation has timed out", new TimeoutException())));
        Assert.False(DatabaseErrors.IsTransient(new InvalidOperationException("a bug")));
    }

    [Fact]
    public async Task Apply_CodeDeletedWhileTheApplyWaits_422CodeNotFoundNothingWritten()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(maxUses: null);
        const string user = "deleted-mid-apply";
        using var client = app.ClientFor(user);

        // Hold the user's lock so the apply has read the code and waits inside its transaction; meanwhile the
        // code (never used) is deleted, as ArchiveDiscount does for a code without usages.
        await using var blocker = await app.OpenAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("SELECT pg_advisory_xact_lock(@ns, hashtext(@user))", new { ns = UsageRepository.UserLockNamespace, user }, tx);
        var apply = client.ApplyAsync(code.Code, template.Id);
        await WaitForLockWaiterAsync();
        await blocker.ExecuteAsync("DELETE FROM discount_code WHERE id = @id", new { id = code.Id }, tx);
        await tx.CommitAsync();

        var refused = await (await apply).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code_not_found");
        Assert.Null((await apply).Headers.RetryAfter);
        Assert.NotNull(refused["traceId"]);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE user_id = @user", new { user }));
    }

    [Fact]
    public async Task Apply_AConstraintTheRequestDidNotBreak_500InternalErrorNotAnOutage()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(code: "CHECKBUG" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant());
        // A schema bug: a CHECK constraint every new audit row of this code breaks (23514).
        var constraint = "bug_" + Guid.NewGuid().ToString("N")[..8];
        await app.ExecuteAsync($"ALTER TABLE discount_audit_log ADD CONSTRAINT {constraint} CHECK (code_id IS DISTINCT FROM '{code.Id}') NOT VALID");
        try
        {
            var response = await app.ClientFor("constraint-bug").ApplyAsync(code.Code, template.Id);

            await response.ExpectProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
            Assert.Null(response.Headers.RetryAfter);
            Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM discount_usage WHERE code_id = @id", new { id = code.Id }));
        }
        finally
        {
            await app.ExecuteAsync($"ALTER TABLE discount_audit_log DROP CONSTRAINT {constraint}");
        }
    }

    [Fact]
    public async Task Validate_SchemaMissingATable_500InternalErrorNotAnOutage()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync();
        await app.ExecuteAsync("ALTER TABLE discount_slot RENAME TO discount_slot_moved");
        try
        {
            var response = await app.CreateClient().GetAsync($"/api/discount/validate?code={code.Code}&templateId={template.Id}");

            await response.ExpectProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
            Assert.Null(response.Headers.RetryAfter);
        }
        finally
        {
            await app.ExecuteAsync("ALTER TABLE discount_slot_moved RENAME TO discount_slot");
        }
    }

    [Fact]
    public async Task Apply_DatabaseRefusingConnections_503WithRetryAfter()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync();
        var database = new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
        await TestDatabase.ExecuteOnServerAsync($"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false");
        try
        {
            await TestDatabase.ExecuteOnServerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            NpgsqlConnection.ClearAllPools();

            var response = await app.ClientFor("refused-connection").ApplyAsync(code.Code, template.Id);

            await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
        }
        finally
        {
            await TestDatabase.ExecuteOnServerAsync($"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true");
        }

        // Connections are allowed again: the service recovers on its own (behind PgBouncer once its
        // server_login_retry pause is over).
        HttpStatusCode status = 0;
        for (var attempt = 0; attempt < 60 && status != HttpStatusCode.Created; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(500); // the pooler's retry pause runs on its own clock
            }

            status = (await app.ClientFor("refused-connection").ApplyAsync(code.Code, template.Id)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Fact]
    public async Task RunAsync_SerializationFailure_RetriedThenCommitted()
    {
        await using var dataSource = DbSetup.CreateDataSource(app.ConnectionString);
        var attempts = 0;

        var result = await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            if (++attempts < 3)
            {
                await conn.ExecuteAsync("DO $$ BEGIN RAISE EXCEPTION 'lost a race' USING ERRCODE = '40001'; END $$", transaction: tx);
            }

            return attempts;
        }, CancellationToken.None);

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task RunAsync_DeadlockEveryTime_GivesUpAfterBoundedAttempts()
    {
        await using var dataSource = DbSetup.CreateDataSource(app.ConnectionString);
        var attempts = 0;

        var failed = await Assert.ThrowsAsync<PostgresException>(() => Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            attempts++;
            await conn.ExecuteAsync("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$", transaction: tx);
            return 0;
        }, CancellationToken.None));

        Assert.Equal("40P01", failed.SqlState);
        Assert.True(DatabaseErrors.IsTransient(failed));
        Assert.InRange(attempts, 2, 5);
    }

    private async Task WaitForLockWaiterAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            if (await app.ScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") > 0)
            {
                return;
            }

            await Task.Delay(25); // polling another session's lock state; there is no event to wait on
        }

        Assert.Fail("the apply never waited for the user's lock");
    }
}
