using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Discounts.Core.Common;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Discounts.Tests.Infrastructure;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Discounts.Core.Reservations;
using Discounts.Functions.Analytics;
using Discounts.Functions.Audit;
using Discounts.Functions.Export;
using Discounts.Functions.Reservations;
using Discounts.Functions.Templates;

namespace Discounts.Tests.Hosting;

public sealed partial class OpenApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<string> DocumentTextAsync()
    {
        var response = await app.CreateClient().GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonObject> DocumentAsync() => JsonNode.Parse(await DocumentTextAsync())!.AsObject();

    private static JsonObject Operation(JsonObject doc, FunctionDefinition function) =>
        doc["paths"]?["/" + function.Http!.Route]?[function.Http.Methods[0].ToLowerInvariant()]?.AsObject()
        ?? throw new Xunit.Sdk.XunitException($"{function.Name} is not in the document");

    private static IEnumerable<JsonObject> Parameters(JsonObject operation, string location) =>
        (operation["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject()).Where(p => (string?)p["in"] == location);

    [Fact]
    public async Task OpenApiDocument_DescribesEveryHttpFunction_WithBodiesAndAnswers()
    {
        var doc = await DocumentAsync();

        Assert.StartsWith("3.1", (string?)doc["openapi"], StringComparison.Ordinal);
        var paths = doc["paths"]!.AsObject();
        foreach (var function in FunctionCatalog.HttpFunctions)
        {
            Assert.Equal(function.Name, (string?)Operation(doc, function)["operationId"]);
        }

        Assert.DoesNotContain(paths, p => p.Key.Contains("ReleaseExpiredReservations", StringComparison.Ordinal) || p.Key.StartsWith("/checkout", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.Key.StartsWith("/api/docs", StringComparison.Ordinal));
        var apply = paths["/api/discount/apply"]!["post"]!;
        Assert.NotNull(apply["requestBody"]!["content"]!["application/json"]!["schema"]);
        Assert.NotNull(apply["responses"]!["201"]);
        Assert.NotNull(apply["responses"]!["200"]);
        Assert.Contains("ReservationResponse", doc["components"]!["schemas"]!.AsObject().Select(s => s.Key));
    }

    /// <summary>The document read back by Microsoft.OpenApi (the library the generator writes it with) and held to its validation rules.</summary>
    [Fact]
    public async Task OpenApiDocument_PassesTheOpenApiValidator()
    {
        var json = await DocumentTextAsync();
        var (document, diagnostic) = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());

        Assert.NotNull(document);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic!.SpecificationVersion);
        Assert.True(diagnostic.Errors.Count == 0, "Reader errors: " + string.Join("; ", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        var errors = document!.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(errors.Count == 0, "Validation errors: " + string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.Equal(FunctionCatalog.HttpFunctions.Count(), document.Paths.Values.Sum(p => p.Operations?.Count ?? 0));
    }

    /// <summary>
    /// What the catalog says about a function shows in its operation, derived here on its own (not from the
    /// transformer): route parameters, the JSON body, 401/403 and the security of its Access, 429 of its rate limit,
    /// and every problem answer as problem+json with the ProblemDetails schema and its codes.
    /// </summary>
    [Fact]
    public async Task EveryCatalogFunction_HasItsParametersBodyProblemAnswersAndSecurity()
    {
        var doc = await DocumentAsync();
        Assert.NotNull(doc["components"]!["schemas"]![OpenApiSetup.ProblemSchema]!["properties"]!["traceId"]);
        Assert.NotNull(doc["components"]!["schemas"]![OpenApiSetup.ProblemSchema]!["properties"]!["errors"]);
        Assert.Equal("bearer", (string?)doc["components"]!["securitySchemes"]![OpenApiSetup.BearerScheme]!["scheme"]);
        Assert.Equal(OpenApiSetup.FunctionKeyHeader, (string?)doc["components"]!["securitySchemes"]![OpenApiSetup.FunctionKeyScheme]!["name"]);
        foreach (var function in FunctionCatalog.HttpFunctions)
        {
            var http = function.Http!;
            var operation = Operation(doc, function);
            var responses = operation["responses"]!.AsObject();
            foreach (var name in Regex.Matches(http.Route, @"\{(\w+)\}").Select(m => m.Groups[1].Value))
            {
                Assert.True(Parameters(operation, "path").Any(p => (string?)p["name"] == name && (bool?)p["required"] == true && (string?)p["schema"]!["format"] == "uuid"),
                    $"{function.Name}: route parameter {name}");
                Assert.Contains(Errors.NotFound, Codes(responses, 404, function));
            }

            var jsonBody = function.Handler.GetCustomAttributes(typeof(JsonBodyAttribute), false).Length > 0;
            if (jsonBody)
            {
                Assert.True(operation["requestBody"]?["content"]?["application/json"]?["schema"] is not null, $"{function.Name}: request schema");
                Assert.Contains(Errors.InvalidRequest, Codes(responses, 400, function));
                Assert.Contains(Problems.PayloadTooLarge, Codes(responses, 413, function));
                Assert.Contains(Problems.UnsupportedMediaType, Codes(responses, 415, function));
            }

            var security = operation["security"]?.AsArray().Select(r => r!.AsObject().Select(s => s.Key).Order().ToArray()).ToList() ?? [];
            switch (http.Access)
            {
                case Access.Anonymous:
                    Assert.Empty(security);
                    break;
                case Access.User:
                    Assert.Equal([[OpenApiSetup.BearerScheme]], security);
                    Assert.Contains(Problems.Unauthenticated, Codes(responses, 401, function));
                    break;
                case Access.Admin:
                    Assert.All(security, r => Assert.Contains(OpenApiSetup.BearerScheme, r));
                    Assert.Contains(security, r => r.Contains(OpenApiSetup.FunctionKeyScheme));
                    Assert.Contains(Problems.Unauthenticated, Codes(responses, 401, function));
                    Assert.Contains(Problems.Forbidden, Codes(responses, 403, function));
                    break;
            }

            if (http.RateLimit is not null)
            {
                Assert.Contains(Problems.RateLimited, Codes(responses, 429, function));
            }

            // Whatever the function declares is there too, every code in the answer's enum and examples.
            foreach (var (status, (codes, _)) in OpenApiSetup.ProblemAnswers(function))
            {
                Assert.Equal(codes.Order(), Codes(responses, status, function).Order());
                var examples = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["content"]![OpenApiSetup.ProblemContentType]!["examples"]!.AsObject();
                Assert.Equal(codes.Order(), examples.Select(e => (string)e.Value!["value"]!["code"]!).Order());
            }
        }
    }

    /// <summary>The codes an answer lists (its schema's enum), asserting it is problem+json on the shared schema.</summary>
    private static IEnumerable<string> Codes(JsonObject responses, int status, FunctionDefinition function)
    {
        var media = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?[OpenApiSetup.ProblemContentType];
        Assert.True(media is not null, $"{function.Name}: no {status} problem answer");
        var parts = media!["schema"]!["allOf"]!.AsArray();
        Assert.Equal("#/components/schemas/" + OpenApiSetup.ProblemSchema, (string?)parts[0]!["$ref"]);
        return parts[1]!["properties"]!["code"]!["enum"]!.AsArray().Select(c => (string)c!);
    }

    /// <summary>
    /// A function reads its own inputs, so the generator cannot see them: every query parameter and request header
    /// its source (or the filter helper it calls) reads must be declared, and a body it reads must be described.
    /// </summary>
    [Fact]
    public async Task EveryInputAFunctionReads_IsInTheDocument()
    {
        var doc = await DocumentAsync();
        var root = Repository.Root();
        string Source(string file) => File.ReadAllText(Path.Combine(root, "Discounts.Functions", file));
        // The helpers that read queries, by the call that reaches them.
        var helpers = new Dictionary<string, string>
        {
            ["AnalyticsWindow.Read("] = Source("Analytics/AnalyticsWindow.cs"),
            ["AuditLogFilter.Read("] = Source("Audit/AuditLogFilter.cs"),
            ["TemplateListFilter.Read("] = Source("Templates/TemplateListFilter.cs"),
            ["CsvExport.ReadType("] = Source("Export/CsvExport.cs").Split("public static string FileName")[0],
        };
        var checkedQueries = 0;
        foreach (var function in FunctionCatalog.HttpFunctions)
        {
            var source = Source(Repository.FeatureFile(function.Handler));
            var text = source + string.Concat(helpers.Where(h => source.Contains(h.Key, StringComparison.Ordinal)).Select(h => h.Value));
            var queries = QueryRead().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet();
            if (text.Contains("Paging.Limit(", StringComparison.Ordinal))
            {
                queries.Add("limit");
            }

            if (text.Contains("Paging.TimeCursor(", StringComparison.Ordinal) || text.Contains("Paging.IdCursor(", StringComparison.Ordinal))
            {
                queries.Add("cursor");
            }

            var headers = HeaderRead().Matches(source).Select(m => m.Groups["name"].Success ? m.Groups["name"].Value : Hyphenated(m.Groups["property"].Value)).ToHashSet();
            var operation = Operation(doc, function);
            Assert.Equal(queries.Order(), Parameters(operation, "query").Select(p => (string)p["name"]!).Order());
            Assert.Equal(headers.Order(StringComparer.OrdinalIgnoreCase), Parameters(operation, "header").Select(p => (string)p["name"]!).Order(StringComparer.OrdinalIgnoreCase));
            if (source.Contains("JsonBody.ReadAsync", StringComparison.Ordinal) || source.Contains("Request.Body", StringComparison.Ordinal))
            {
                Assert.True(operation["requestBody"]?["content"] is JsonObject { Count: > 0 }, $"{function.Name} reads a body the document does not describe");
            }

            checkedQueries += queries.Count;
        }

        Assert.True(checkedQueries > 20, "the source scan found the query reads");
    }

    // query["x"], Query["x"], and a helper's (query, "x") / time("x").
    [GeneratedRegex("""(?:[qQ]uery\[|\(query, |time\()"(?<name>\w+)"\s*[\],)]""")]
    private static partial Regex QueryRead();

    // Request.Headers["X-Y"] or Request.Headers.IfMatch (never a response header).
    [GeneratedRegex("""Request\.Headers(?:\["(?<name>[\w-]+)"\]|\.(?<property>[A-Z]\w+))""")]
    private static partial Regex HeaderRead();

    private static string Hyphenated(string property) => Regex.Replace(property, "(?<=[a-z])(?=[A-Z])", "-");

    [Fact]
    public async Task UpdateDiscount_HasItsBodyIfMatchAndExamples()
    {
        var doc = await DocumentAsync();
        var patch = doc["paths"]!["/api/manage/discounts/{id}"]!["patch"]!.AsObject();
        var body = patch["requestBody"]!["content"]!["application/json"]!;
        Assert.Equal("#/components/schemas/CodeChanges", (string?)body["schema"]!["$ref"]);
        Assert.NotNull(body["examples"]!["example"]!["value"]!["maxUses"]);
        var changes = doc["components"]!["schemas"]!["CodeChanges"]!["properties"]!.AsObject();
        // Admin bodies are strict: a number is a number, not also a numeric string.
        Assert.DoesNotContain("string", changes["maxUses"]!["type"]!.AsArray().Select(t => (string?)t));
        Assert.True(Parameters(patch, "header").Single(p => (string?)p["name"] == "If-Match")["required"]!.GetValue<bool>());
        Assert.Equal(
            [Errors.MaxUsesBelowTaken, Core.Common.RuleCodes.TemplateNotFound],
            patch["responses"]!["422"]!["content"]![OpenApiSetup.ProblemContentType]!["schema"]!["allOf"]![1]!["properties"]!["code"]!["enum"]!.AsArray().Select(c => (string)c!).Order());
        Assert.NotNull(patch["responses"]!["412"]);
        Assert.NotNull(patch["responses"]!["200"]!["content"]!["application/json"]!["examples"]);
    }

    [Fact]
    public async Task ApiReference_IsScalarReadingTheDocument_WithItsScriptFromThePackage()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync("/api/docs/");
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("api/openapi.json", page, StringComparison.Ordinal);
        Assert.Contains("\"preferredSecurityScheme\":[\"bearer\"]", page, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr.net", page, StringComparison.Ordinal);
        var script = await client.GetAsync("/api/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000, "Scalar's bundle is served from the package");
    }
}
