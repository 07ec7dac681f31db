using System.Net;
using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Discounts.Functions.Reservations;

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
        var runs = new RunLog();
        var scheduler = new TimerScheduler(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<IConfiguration>(), app.Clock, runs);
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            // Minute by minute: five-minute marks pass, the job runs each time; from minute 15 the hold is overdue.
            for (var minute = 1; minute <= 40 && await app.UsageStatusAsync(reservation.Id("reservationId")) != "released"; minute++)
            {
                var before = app.Clock.GetUtcNow().UtcDateTime;
                app.Clock.Advance(TimeSpan.FromMinutes(1));
                var now = app.Clock.GetUtcNow().UtcDateTime;
                var mark = new DateTime(now.Ticks - (now.Ticks % TimeSpan.FromMinutes(5).Ticks), DateTimeKind.Utc);
                if (mark > before)
                {
                    // A five-minute mark passed: wait for the release job's run of it to end (not for a guessed number of yields).
                    Assert.Equal($"ReleaseExpiredReservations {mark:yyyy-MM-ddTHH:mm}", await runs.NextAsync("ReleaseExpiredReservations"));
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

    /// <summary>The scheduler's "ran" log lines, awaited one at a time.</summary>
    private sealed class RunLog : ILogger<TimerScheduler>
    {
        private readonly Channel<string> ran = Channel.CreateUnbounded<string>();

        public async Task<string> NextAsync(string function)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var line = await ran.Reader.ReadAsync(timeout.Token);
                if (line.StartsWith(function + " ", StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            var function = values.First(v => v.Key == "Function").Value;
            if (exception is not null)
            {
                // A failed run answers the wait with its reason, instead of a timeout that hides it.
                ran.Writer.TryWrite($"{function} failed: {exception}");
            }
            else if (values.FirstOrDefault(v => v.Key == "Occurrence").Value is DateTime occurrence)
            {
                ran.Writer.TryWrite($"{function} {occurrence:yyyy-MM-ddTHH:mm}");
            }
        }
    }
}
