using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Discounts.Core.Observability;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Observability;

/// <summary>
/// The meter is static, one per process: the class runs alone (no other class's traffic is measured with its own),
/// so its counts are exact.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class MetricsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task HoldsAndRefusals_AreCountedWithTheirReasons()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 2);
        var measurements = new ConcurrentQueue<(string Name, long Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DiscountsMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? tag = null;
            foreach (var t in tags)
            {
                tag = t.Value?.ToString();
            }

            measurements.Enqueue((instrument.Name, value, tag));
        });
        listener.Start();

        for (var i = 0; i < 3; i++)
        {
            await app.ClientFor($"metrics-{i}").ApplyAsync(code.Code, template.Id);
        }

        var last = await (await app.ClientFor("metrics-0").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.OK);
        (await app.ClientFor("metrics-0").DeleteAsync($"/api/discount/reservations/{last["reservationId"]}")).EnsureSuccessStatusCode();
        var other = await app.PercentCodeAsync(20, maxUses: 2);
        await (await app.ClientFor("metrics-1").ApplyAsync(other.Code, template.Id)).ExpectAsync(HttpStatusCode.Created); // replaces metrics-1's hold

        Assert.Equal(3, measurements.Where(m => m.Name == "discounts.holds.taken").Sum(m => m.Value));
        Assert.Single(measurements, m => m.Name == "discounts.apply.refused" && m.Tag == "code_exhausted");
        Assert.Single(measurements, m => m.Name == "discounts.holds.released" && m.Tag == "cancelled");
        Assert.Single(measurements, m => m.Name == "discounts.holds.released" && m.Tag == "replaced");
    }
}
