using System.Net;
using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Discounts.Tests.Hosting;

/// <summary>Standalone mode: the in-process scheduler fires the catalog's timers on their CRON schedules, on the injected clock.</summary>
public sealed class TimerSchedulerTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Scheduler_ClockPassesTheNextFiveMinuteMark_ReleaseJobRuns()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 3);
        var reservation = await (await app.ClientFor("scheduled").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var scheduler = new TimerScheduler(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<IConfiguration>(), app.Clock, NullLogger<TimerScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            // Minute by minute: five-minute marks pass, the job runs each time; from minute 15 the hold is overdue.
            for (var minute = 1; minute <= 40 && await app.UsageStatusAsync(reservation.Id("reservationId")) != "released"; minute++)
            {
                app.Clock.Advance(TimeSpan.FromMinutes(1));
                for (var poll = 0; poll < 20 && await app.UsageStatusAsync(reservation.Id("reservationId")) != "released"; poll++)
                {
                    await Task.Yield();
                }

                Assert.True(minute >= 15 || await app.UsageStatusAsync(reservation.Id("reservationId")) == "reserved", "released before its time");
            }

            Assert.Equal("released", await app.UsageStatusAsync(reservation.Id("reservationId")));
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }
}
