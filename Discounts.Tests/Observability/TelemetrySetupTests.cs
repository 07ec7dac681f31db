using Discounts.Tests.Infrastructure;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Discounts.Tests.Observability;

/// <summary>The OpenTelemetry SDK records spans and metrics only when something exports them.</summary>
public sealed class TelemetrySetupTests
{
    public sealed class WithoutExporter(AppFactory app) : IClassFixture<AppFactory>
    {
        [Fact]
        public void NoExporterConfigured_NoTracerOrMeterProvider()
        {
            Assert.Null(app.Services.GetService(typeof(TracerProvider)));
            Assert.Null(app.Services.GetService(typeof(MeterProvider)));
        }
    }

    public sealed class WithOtlp(WithOtlp.OtlpApp app) : IClassFixture<WithOtlp.OtlpApp>
    {
        [Fact]
        public void OtlpEndpointConfigured_TracesAndMetricsAreRecorded()
        {
            Assert.NotNull(app.Services.GetService(typeof(TracerProvider)));
            Assert.NotNull(app.Services.GetService(typeof(MeterProvider)));
        }

        public sealed class OtlpApp : AppFactory
        {
            protected override Dictionary<string, string?> Settings => new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" };
        }
    }
}
