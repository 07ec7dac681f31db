using System.Diagnostics.Metrics;

namespace Discounts.Core.Observability;

/// <summary>
/// The business metrics of the service (meter <see cref="MeterName"/>), recorded after the change committed:
/// holds taken, released (by reason), confirmed, drift found by reconciliation, webhook outcomes, rate-limit
/// refusals. Exported with the rest of the telemetry (OpenTelemetry) when an exporter is configured.
/// </summary>
public static class DiscountsMetrics
{
    public const string MeterName = "Discounts";

    private static readonly Meter Meter = new(MeterName, "1.0");

    public static readonly Counter<long> HoldsTaken = Meter.CreateCounter<long>("discounts.holds.taken", description: "Reservations created");

    public static readonly Counter<long> HoldsReleased = Meter.CreateCounter<long>("discounts.holds.released", description: "Reservations released, by reason");

    public static readonly Counter<long> HoldsConfirmed = Meter.CreateCounter<long>("discounts.holds.confirmed", description: "Reservations confirmed by payment");

    public static readonly Counter<long> DriftFound = Meter.CreateCounter<long>("discounts.reconciliation.drift", description: "Drift found by reconciliation, by kind");

    public static readonly Counter<long> WebhookOutcomes = Meter.CreateCounter<long>("discounts.webhooks", description: "Stripe events by type and outcome");

    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>("discounts.rate_limited", description: "Requests refused by a rate limit, by action");

    public static readonly Counter<long> ApplyRefused = Meter.CreateCounter<long>("discounts.apply.refused", description: "Applies refused, by reason");
}
