using System.Net;
using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Hosting;

public sealed class OpenApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task OpenApiDocument_DescribesEveryHttpFunction_WithBodiesAndAnswers()
    {
        var doc = await (await app.CreateClient().GetAsync("/api/openapi.json")).ExpectAsync(HttpStatusCode.OK);

        Assert.StartsWith("3.1", (string?)doc["openapi"], StringComparison.Ordinal);
        var paths = doc["paths"]!.AsObject();
        foreach (var function in FunctionCatalog.HttpFunctions)
        {
            var operation = paths["/" + function.Http!.Route]?[function.Http.Methods[0].ToLowerInvariant()];
            Assert.True(operation is not null, $"{function.Name} is not in the document");
            Assert.Equal(function.Name, (string?)operation!["operationId"]);
        }

        Assert.DoesNotContain(paths, p => p.Key.Contains("ReleaseExpiredReservations", StringComparison.Ordinal) || p.Key.StartsWith("/checkout", StringComparison.Ordinal));
        var apply = paths["/api/discount/apply"]!["post"]!;
        Assert.NotNull(apply["requestBody"]!["content"]!["application/json"]!["schema"]);
        Assert.NotNull(apply["responses"]!["201"]);
        Assert.NotNull(apply["responses"]!["200"]);
        Assert.Contains("ReservationResponse", doc["components"]!["schemas"]!.AsObject().Select(s => s.Key));
    }

    [Fact]
    public async Task ApiReference_IsAPageReadingTheDocument()
    {
        var response = await app.CreateClient().GetAsync("/api/docs");
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api/openapi.json", page, StringComparison.Ordinal);
    }
}
