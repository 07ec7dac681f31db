using System.Net;
using Discounts.Tests.Infrastructure;
using Discounts.Core.Reservations;

namespace Discounts.Tests.Reconciliation;

public sealed class ReleaseExpiredReservationsJobTests : AppPerTest
{
    private AppFactory app => App;

    [Trait("EdgeCase", "EC-005")]
    [Fact]
    public async Task EC005_PaymentNeverCompleted_HoldReleasedAfterItsTime_SessionExpiredFirst()
    {
        var journey = await Journey.StartAsync(app, "ec005-user");
        var job = app.Service<ReleaseExpiredReservationsJob>();

        app.Clock.Advance(TimeSpan.FromMinutes(14)); // still inside the extended hold
        await job.RunAsync(CancellationToken.None);
        Assert.Equal("reserved", await app.UsageStatusAsync(journey.UsageId));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var report = await job.RunAsync(CancellationToken.None);

        Assert.Equal(1, report.Released);
        Assert.Equal("released", await app.UsageStatusAsync(journey.UsageId));
        Assert.Equal("expired", await app.PurchaseStatusAsync(journey.PurchaseId));
        Assert.Equal("expired", (string?)app.Stripe.Session(journey.SessionId)["status"]);
        var expire = app.Stripe.Requests.ToList().FindIndex(r => r.Path.EndsWith("/expire", StringComparison.Ordinal) && r.Path.Contains(journey.SessionId, StringComparison.Ordinal));
        Assert.True(expire >= 0);
        Assert.Equal(0, await app.SlotsTakenAsync(journey.Code.Id));
    }

    [Trait("EdgeCase", "EC-005")]
    [Fact]
    public async Task EC005_StripeUnreachable_HoldKeptAndRetriedNextRun()
    {
        var journey = await Journey.StartAsync(app, "ec005-down");
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var job = app.Service<ReleaseExpiredReservationsJob>();

        app.Stripe.Down = true;
        ReleaseRunReport kept;
        try
        {
            kept = await job.RunAsync(CancellationToken.None);
        }
        finally
        {
            app.Stripe.Down = false;
        }

        Assert.Equal(1, kept.Kept);
        Assert.Equal("reserved", await app.UsageStatusAsync(journey.UsageId));
        await job.RunAsync(CancellationToken.None);
        Assert.Equal("released", await app.UsageStatusAsync(journey.UsageId));
    }

    [Trait("EdgeCase", "EC-041")]
    [Fact]
    public async Task EC041_TimersMissedForHours_NextRunReleasesEverythingInBatches()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 500);
        var responses = await Race.RunAsync(250, i => app.ClientFor($"ec041-{i}").ApplyAsync(code.Code, template.Id));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        app.Clock.Advance(TimeSpan.FromHours(6));
        var report = await app.Service<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None);

        Assert.Equal(250, report.Released);
        Assert.True(report.Batches >= 3, $"{report.Batches} batches"); // 100 a batch
        Assert.Equal(0, await app.SlotsTakenAsync(code.Id));
        Assert.Equal(250L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE code_id = @id AND action = 'usage.released'", new { id = code.Id }));
    }

    [Trait("EdgeCase", "EC-042")]
    [Fact]
    public async Task EC042_DecisionsUseTheAppClockNotTheDatabaseClock()
    {
        // The app's clock runs a day ahead of the database server's: holds must follow the app's clock only.
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        app.Clock.Advance(TimeSpan.FromDays(1));
        var reservation = await (await app.ClientFor("ec042-user").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var expiresAt = DateTime.Parse((string)reservation["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), expiresAt, TimeSpan.FromSeconds(1));

        await app.Service<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None);
        Assert.Equal("reserved", await app.UsageStatusAsync(reservation.Id("reservationId"))); // by the database's now() it is long overdue... in the future

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        await app.Service<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None);
        Assert.Equal("released", await app.UsageStatusAsync(reservation.Id("reservationId")));
    }

    [Fact]
    public async Task Run_WhileAnotherRunHoldsTheLock_Skips()
    {
        await using var held = await Core.Database.JobLock.TryAcquireAsync(app.Service<Npgsql.NpgsqlDataSource>(), ReleaseExpiredReservationsJob.Name, CancellationToken.None);
        Assert.NotNull(held);
        var report = await app.Service<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None);
        Assert.True(report.Skipped);
    }
}
