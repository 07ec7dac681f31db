using Azure.Monitor.OpenTelemetry.Exporter;
using Discounts.Core.Observability;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Discounts.Functions.Hosting;

/// <summary>
/// OpenTelemetry traces, metrics and logs (ASP.NET Core, HttpClient — Stripe, CAPTCHA —, Npgsql, the runtime and
/// the service's own <see cref="DiscountsMetrics"/>), exported to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is.
/// With neither, the OpenTelemetry SDK is not registered at all: recording spans and metrics nobody exports
/// costs CPU on every request, and structured console logs remain.
/// </summary>
public static class TelemetrySetup
{
    public static void AddDiscountsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrEmpty(appInsights) && string.IsNullOrEmpty(otlp))
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("discounts", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = c => c.Request.Path != "/api/health")
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(DiscountsMetrics.MeterName, "Npgsql"));
        if (!string.IsNullOrEmpty(appInsights))
        {
            telemetry.WithTracing(t => t.AddAzureMonitorTraceExporter(o => o.ConnectionString = appInsights))
                .WithMetrics(m => m.AddAzureMonitorMetricExporter(o => o.ConnectionString = appInsights))
                .WithLogging(l => l.AddAzureMonitorLogExporter(o => o.ConnectionString = appInsights));
        }

        if (!string.IsNullOrEmpty(otlp))
        {
            telemetry.UseOtlpExporter();
        }
    }
}
