using Scalar.AspNetCore;

namespace Discounts.Functions.Hosting;

/// <summary>
/// The API reference at <c>/api/docs</c>: Scalar's page over <c>/api/openapi.json</c>, with its script served from
/// the package's own assembly (no CDN, no fonts from elsewhere), so it works offline and behind the Functions host.
/// Try-it-out calls the service the page came from, with the bearer token the reader pastes.
/// </summary>
public sealed class ApiReferenceSite : IHttpSite
{
    public const string PathBase = "/api/docs";

    public void Map(IEndpointRouteBuilder endpoints, HttpTrigger trigger) =>
        endpoints.MapScalarApiReference(PathBase, o => o
                .WithTitle("Discounts API")
                .WithOpenApiRoutePattern("/api/openapi.json")
                .AddPreferredSecuritySchemes(OpenApiSetup.BearerScheme)
                .AddHttpAuthentication(OpenApiSetup.BearerScheme, bearer => bearer.Token = "")
                .ExpandAllResponses() // the error answers and their codes are what integrators look for
                .DisableDefaultFonts()
                // Nothing that talks to scalar.com: no telemetry, AI chat or hosted developer tools.
                .DisableTelemetry()
                .DisableAgent()
                .HideDeveloperTools())
            .AllowAnonymous();
}
