using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;
using Discounts.Functions.Codes;
using Discounts.Functions.Reconciliation;
using Discounts.Functions.Usages;

namespace Discounts.Tests.Hosting;

/// <summary>
/// Strictness comes from the catalog: every admin function that reads a JSON body refuses an unknown property,
/// whoever wrote it and whenever it was added; storefront bodies stay lenient so a storefront upgrade never breaks.
/// </summary>
public sealed partial class StrictBodyCatalogTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Unknown = "unexpectedProperty";

    private static IEnumerable<string> AdminFunctionNames() => FunctionCatalog.HttpFunctions
        .Where(f => f.Http!.Access == Access.Admin && f.Handler.GetCustomAttribute<JsonBodyAttribute>() is not null)
        .Select(f => f.Name);

    public static TheoryData<string> AdminFunctionsWithBodies() => new(AdminFunctionNames());

    [Fact]
    public void AdminFunctionsWithBodies_IncludeEveryKnownAdminWrite()
    {
        var names = AdminFunctionNames().ToHashSet();

        Assert.Superset(new HashSet<string> { "CreateDiscount", "UpdateDiscount", "GenerateDiscountCodes", "ReviewUsage", "RunIntegrityCheck" }, names);
    }

    [Theory]
    [MemberData(nameof(AdminFunctionsWithBodies))]
    public async Task AdminFunction_UnknownProperty_400NamingItAndNothingWritten(string name)
    {
        var trigger = FunctionCatalog.HttpFunctions.Single(f => f.Name == name).Http!;
        var codes = await app.CountAsync("discount_code");
        var audit = await app.CountAsync("discount_audit_log");
        using var request = new HttpRequestMessage(new HttpMethod(trigger.Methods[0]), "/" + RouteParameter().Replace(trigger.Route, _ => Guid.NewGuid().ToString()))
        {
            Content = new StringContent($$"""{"{{Unknown}}":true}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        var body = await (await app.ClientFor("catalog-admin", admin: true).SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal($"Unknown property '{Unknown}'.", (string?)body["errors"]![Unknown]![0]);
        Assert.Equal(codes, await app.CountAsync("discount_code"));
        Assert.Equal(audit, await app.CountAsync("discount_audit_log"));
    }

    [Fact]
    public async Task ApplyDiscount_UnknownProperty_Ignored()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        var client = app.ClientFor("lenient-shopper");

        var response = await client.PostAsync("/api/discount/apply",
            new StringContent($$$"""{"code":"{{{code.Code}}}","templateId":"{{{template.Id}}}","{{{Unknown}}}":{"from":"a newer storefront"}}""", Encoding.UTF8, "application/json"));

        await response.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ApplyDiscount_WrongJsonType_400NamesFieldAndExpectedType()
    {
        var body = await (await app.ClientFor("typed-shopper").PostAsync("/api/discount/apply", new StringContent("""{"code":7}""", Encoding.UTF8, "application/json")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal("code must be a string.", (string?)body["errors"]!["code"]![0]);
    }

    [GeneratedRegex("{[^}]+}")]
    private static partial Regex RouteParameter();
}
