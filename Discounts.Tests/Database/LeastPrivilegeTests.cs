using System.Net;
using System.Text;
using Dapper;
using Discounts.Core.Database;
using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;
using Npgsql;
using Discounts.Functions.Analytics;
using Discounts.Functions.Codes;
using Discounts.Functions.Export;
using Discounts.Functions.Operations;
using Discounts.Functions.RateLimiting;
using Discounts.Functions.Reconciliation;
using Discounts.Functions.Reservations;

namespace Discounts.Tests.Database;

/// <summary>
/// The app connected as production connects it (docs/deployment.md "Database roles"): as a login role that is only a
/// member of the NOLOGIN group role <c>discounts_app</c> of migration 0006, with migrations left to the schema's owner.
/// The test cluster trusts 127.0.0.1, so the role needs no password.
/// </summary>
public sealed class LeastPrivilegeAppFactory : AppFactory
{
    public string Role { get; } = "t_app_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The fixture's database, as the least-privileged role.</summary>
    public string AppConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Username = Role }.ConnectionString;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:Discounts"] = AppConnectionString,
        ["Database:MigrateOnStartup"] = "false",
        // On, unlike the other fixtures, so the shared counters are written as the app's role too.
        ["RateLimits:Validate"] = "1000",
        ["RateLimits:Apply"] = "1000",
        ["RateLimits:FailedAttempts"] = "1000",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var conn = await OpenAsync();
        await conn.ExecuteAsync($"CREATE ROLE {Role} LOGIN IN ROLE discounts_app");
    }

    /// <summary>Runs first in the base fixture's cleanup (before the database is dropped): the host, then the role.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await conn.ExecuteAsync($"DROP ROLE IF EXISTS {Role}");
    }
}

public sealed class LeastPrivilegeTests(LeastPrivilegeAppFactory app) : IClassFixture<LeastPrivilegeAppFactory>
{
    private const string TimerPayload = """{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""";

    private HttpClient Admin => app.ClientFor("lp-admin", admin: true);

    /// <summary>The route of an HTTP function, from the catalog (so the test follows a renamed route).</summary>
    private static string Route<T>(string? id = null)
        where T : IHttpFunction =>
        "/" + FunctionCatalog.All.Single(f => f.Handler == typeof(T)).Http!.Route.Replace("{id}", id, StringComparison.Ordinal);

    private async Task<NpgsqlConnection> OpenAsAppAsync()
    {
        var conn = new NpgsqlConnection(app.AppConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    [Fact]
    public async Task TheWholeFlow_WorksAsAMemberOfDiscountsApp()
    {
        // The role is only a member of discounts_app, and the app really connects as it.
        Assert.Equal(["discounts_app"], await app.QueryAsync<string>(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = @role",
            new { role = app.Role }));
        var health = await (await app.CreateClient().GetAsync(Route<Health>())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ok", (string?)health["database"]);
        await using (var conn = await app.Service<NpgsqlDataSource>().OpenConnectionAsync())
        {
            Assert.Equal(app.Role, await conn.ExecuteScalarAsync<string>("SELECT current_user"));
        }

        // An admin creates a code; a shopper validates, applies, checks out (Stripe-shaped server) and pays (webhook).
        var template = await app.TemplateAsync(price: 4900);
        var created = await (await Admin.PostJsonAsync(Route<CreateDiscount>(), """{"code":"LEASTPRIV-25","kind":"percent","percentOff":25,"maxUses":5}"""))
            .ExpectAsync(HttpStatusCode.Created);
        var codeId = created.Id("id");
        var shopper = app.ClientFor("lp-shopper");
        await (await shopper.GetAsync($"{Route<ValidateDiscount>()}?code=LEASTPRIV-25&templateId={template.Id}")).ExpectAsync(HttpStatusCode.OK);
        var reservation = await (await shopper.ApplyAsync("LEASTPRIV-25", template.Id)).ExpectAsync(HttpStatusCode.Created);
        var checkout = await (await shopper.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        Core.Codes.DiscountCode code;
        await using (var conn = await app.OpenAsync())
        {
            code = (await Core.Codes.DiscountCodeRepository.FindByIdAsync(conn, codeId))!;
        }

        var paid = new Journey("lp-shopper", template, code, reservation.Id("reservationId"), checkout.Id("purchaseId"), (string)checkout["sessionId"]!);
        app.Stripe.Complete(paid.SessionId);
        var (payload, signature) = app.SignedEvent("checkout.session.completed", paid.Session());
        await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", await app.UsageStatusAsync(paid.UsageId));
        Assert.Equal("paid", await app.PurchaseStatusAsync(paid.PurchaseId));

        // A second shopper abandons checkout: the release timer (as the Functions host fires it) expires the Stripe
        // session first, then returns the slot.
        var abandoned = await Journey.StartAsync(app, "lp-abandons", code, template);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var release = await (await app.CreateClient().PostAsync("/ReleaseExpiredReservations", new StringContent(TimerPayload, Encoding.UTF8, "application/json")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("\"released\":1", (string)release["Logs"]![0]!, StringComparison.Ordinal);
        Assert.Equal("released", await app.UsageStatusAsync(abandoned.UsageId));
        Assert.Equal("expired", (string?)app.Stripe.Session(abandoned.SessionId)["status"]);

        // Slot drift (made here as the superuser) is found and corrected by the nightly timer; the next one rolls the
        // sealed days up into the analytics tables, and the purge deletes old rate-limit counters (as the app's role).
        await app.ExecuteAsync("UPDATE discount_slot SET usage_id = NULL WHERE usage_id = @id", new { id = paid.UsageId });
        app.Clock.Advance(TimeSpan.FromDays(4));
        var nightly = await (await app.CreateClient().PostAsync("/ReconcileUsageCounts", new StringContent(TimerPayload, Encoding.UTF8, "application/json")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("ReconcileUsageCounts ran", (string)nightly["Logs"]![0]!, StringComparison.Ordinal);
        var rollup = await (await app.CreateClient().PostAsync("/RollUpAnalytics", new StringContent(TimerPayload, Encoding.UTF8, "application/json")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("RollUpAnalytics ran", (string)rollup["Logs"]![0]!, StringComparison.Ordinal);
        Assert.True(await app.CountAsync("rate_limit") > 0);
        var purge = await (await app.CreateClient().PostAsync("/PurgeRateLimits", new StringContent(TimerPayload, Encoding.UTF8, "application/json")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("PurgeRateLimits ran", (string)purge["Logs"]![0]!, StringComparison.Ordinal);
        Assert.Equal(0L, await app.CountAsync("rate_limit")); // four days on, every window is over
        await app.AssertSlotsAgreeAsync(codeId);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE actor = 'system:reconcile' AND code_id = @codeId", new { codeId }));
        Assert.True(await app.ScalarAsync<long>("SELECT count(*) FROM analytics_day WHERE code_id = @codeId", new { codeId }) > 0);

        // The admin reads the analytics (from the rollup) and exports the purchases as CSV.
        var analytics = await (await Admin.GetAsync(Route<GetDiscountAnalytics>(codeId.ToString()))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, (long)analytics["reservations"]!);
        Assert.Equal(1, (long)analytics["confirmations"]!);
        await (await Admin.GetAsync(Route<GetSystemAnalytics>())).ExpectAsync(HttpStatusCode.OK);
        var export = await Admin.GetAsync($"{Route<ExportData>()}?type=purchases&format=csv");
        var csv = await export.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.Contains(paid.PurchaseId.ToString(), csv, StringComparison.Ordinal);

        // Everything that changed was audited, as the app's role.
        Assert.True(await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE code_id = @codeId", new { codeId }) >= 4);
    }

    [Theory]
    [InlineData("CREATE TABLE lp_probe (id int)")]
    [InlineData("ALTER TABLE discount_code ADD COLUMN lp_probe int")]
    [InlineData("CREATE INDEX lp_probe ON purchase (currency)")]
    [InlineData("DROP TABLE rate_limit")]
    [InlineData("TRUNCATE rate_limit")]
    [InlineData("UPDATE discount_audit_log SET actor = 'someone else'")]
    [InlineData("DELETE FROM discount_audit_log")]
    [InlineData("SELECT count(*) FROM schemaversions")]
    [InlineData("INSERT INTO schemaversions (scriptname, applied) VALUES ('9999_forged.sql', now())")]
    [InlineData("CREATE ROLE lp_probe LOGIN")]
    [InlineData("SET ROLE postgres")]
    [InlineData("CREATE SCHEMA lp_probe")]
    public async Task TheAppRole_IsRefusedDdlAndWhatIsNotItsBusiness(string sql)
    {
        await using var conn = await OpenAsAppAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task TheAppRole_ReadsAndAppendsTheAuditLog()
    {
        await using var conn = await OpenAsAppAsync();
        var before = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM discount_audit_log");
        await conn.ExecuteAsync("INSERT INTO discount_audit_log (at, actor, action) VALUES (now(), 'test', 'test.append')");
        Assert.Equal(before + 1, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM discount_audit_log"));
    }

    /// <summary>
    /// The order docs/deployment.md gives for Azure, where nobody is a superuser: the administrator creates
    /// <c>discounts_app</c> and a migrating role that may create in the schema; that role runs every migration and owns
    /// the tables, and what it creates later (default privileges) reaches the app's role too.
    /// </summary>
    [Fact]
    public async Task Migrations_RunByANonSuperuserOwner_GrantTheAppRoleItsTables()
    {
        var database = "t_" + Guid.NewGuid().ToString("N");
        var migrator = "t_mig_" + Guid.NewGuid().ToString("N")[..16];
        await using var server = new NpgsqlConnection(TestDatabase.For("postgres", pooling: false));
        await server.OpenAsync();
        await server.ExecuteAsync($"CREATE DATABASE {database}");
        await server.ExecuteAsync($"CREATE ROLE {migrator} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB");
        try
        {
            var owner = TestDatabase.For(database, pooling: false);
            await using (var conn = new NpgsqlConnection(owner))
            {
                await conn.OpenAsync();
                await conn.ExecuteAsync($"GRANT USAGE, CREATE ON SCHEMA public TO {migrator}");
            }

            var asMigrator = new NpgsqlConnectionStringBuilder(owner) { Username = migrator }.ConnectionString;
            var applied = await Migrator.MigrateAsync(asMigrator, createDatabase: false);
            Assert.Contains(applied, s => s.EndsWith("0006_app_role.sql", StringComparison.Ordinal));

            await using var check = new NpgsqlConnection(asMigrator);
            await check.OpenAsync();
            Assert.Equal(migrator, await check.ExecuteScalarAsync<string>("SELECT tableowner FROM pg_tables WHERE tablename = 'discount_usage'"));
            Assert.True(await check.ExecuteScalarAsync<bool>("SELECT has_table_privilege('discounts_app', 'discount_usage', 'SELECT, INSERT, UPDATE, DELETE')"));
            Assert.False(await check.ExecuteScalarAsync<bool>("SELECT has_table_privilege('discounts_app', 'discount_usage', 'TRUNCATE')"));
            Assert.False(await check.ExecuteScalarAsync<bool>("SELECT has_table_privilege('discounts_app', 'schemaversions', 'SELECT')"));

            // A later migration's table and its identity sequence.
            await check.ExecuteAsync("CREATE TABLE later_table (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)");
            Assert.True(await check.ExecuteScalarAsync<bool>("SELECT has_table_privilege('discounts_app', 'later_table', 'SELECT, INSERT, UPDATE, DELETE')"));
            Assert.True(await check.ExecuteScalarAsync<bool>("SELECT has_sequence_privilege('discounts_app', pg_get_serial_sequence('later_table', 'id'), 'USAGE')"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await server.ExecuteAsync($"DROP ROLE IF EXISTS {migrator}");
        }
    }
}
