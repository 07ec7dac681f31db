using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Codes;

/// <summary>
/// Admin writes are strict (api.md "Catalog"): an unknown property or a wrong JSON type is 400 naming the property
/// and nothing is written; a typo such as <c>max_uses</c> must never create an unlimited code.
/// </summary>
public sealed class StrictAdminBodyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient Admin => app.ClientFor("admin-strict", admin: true);

    private static string Code() => "S" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    [Fact]
    public async Task CreateDiscount_SnakeCaseTypo_400SuggestsCamelCaseAndNothingWritten()
    {
        var codes = await app.CountAsync("discount_code");

        var body = await (await Admin.PostJsonAsync("/api/manage/discounts", $$"""{"code":"{{Code()}}","kind":"percent","percentOff":10,"max_uses":3}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal("Unknown property 'max_uses'; did you mean 'maxUses'?", (string?)body["errors"]!["max_uses"]![0]);
        Assert.Equal(codes, await app.CountAsync("discount_code"));
    }

    [Theory]
    [InlineData("foo", "1", "Unknown property 'foo'.")]
    [InlineData("MaxUses", "3", "Unknown property 'MaxUses'; did you mean 'maxUses'?")]
    [InlineData("percent-off", "3", "Unknown property 'percent-off'; did you mean 'percentOff'?")]
    public async Task CreateDiscount_UnknownProperty_400NamesIt(string name, string value, string message)
    {
        var body = await (await Admin.PostJsonAsync("/api/manage/discounts", $$"""{"code":"{{Code()}}","kind":"percent","percentOff":10,"{{name}}":{{value}}}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal([message], body["errors"]![name]!.AsArray().Select(m => (string?)m));
    }

    [Theory]
    [InlineData("\"percentOff\":\"10\"", "percentOff", "percentOff must be a number.")]
    [InlineData("\"percentOff\":10,\"maxUses\":3.5", "maxUses", "maxUses must be an integer.")]
    [InlineData("\"percentOff\":10,\"description\":5", "description", "description must be a string.")]
    [InlineData("\"percentOff\":10,\"firstPurchaseOnly\":\"yes\"", "firstPurchaseOnly", "firstPurchaseOnly must be a boolean.")]
    [InlineData("\"percentOff\":10,\"templateIds\":[\"nope\"]", "templateIds[0]", "templateIds[0] must be a UUID.")]
    [InlineData("\"percentOff\":10,\"templateIds\":\"nope\"", "templateIds", "templateIds must be an array.")]
    [InlineData("\"percentOff\":10,\"expiresAt\":\"soon\"", "expiresAt", "expiresAt must be an ISO 8601 date-time.")]
    public async Task CreateDiscount_WrongJsonType_400NamesFieldAndExpectedType(string fields, string field, string message)
    {
        var codes = await app.CountAsync("discount_code");

        var body = await (await Admin.PostJsonAsync("/api/manage/discounts", $$"""{"code":"{{Code()}}","kind":"percent",{{fields}}}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal([message], body["errors"]![field]!.AsArray().Select(m => (string?)m));
        Assert.Equal(codes, await app.CountAsync("discount_code"));
    }

    [Fact]
    public async Task GenerateDiscountCodes_UnknownNestedProperty_400NamesItsPath()
    {
        var body = await (await Admin.PostJsonAsync("/api/manage/discounts/generate", """{"count":2,"terms":{"kind":"percent","percentOff":10,"max_uses":1}}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal("Unknown property 'max_uses'; did you mean 'maxUses'?", (string?)body["errors"]!["terms.max_uses"]![0]);
    }

    [Fact]
    public async Task UpdateDiscount_UnknownPropertyBesideAValidOne_400AndNothingChanged()
    {
        var code = await app.PercentCodeAsync(10, maxUses: 5);

        var body = await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"description":"edited","max_uses":3}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal("Unknown property 'max_uses'; did you mean 'maxUses'?", (string?)body["errors"]!["max_uses"]![0]);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT version FROM discount_code WHERE id = @id", new { id = code.Id }));
    }

    [Theory]
    [InlineData("""{"maxUses":"5"}""", "maxUses", "maxUses must be an integer.")]
    [InlineData("""{"refundReleasesSlot":"yes"}""", "refundReleasesSlot", "refundReleasesSlot must be a boolean.")]
    [InlineData("""{"templateIds":["not-a-guid"]}""", "templateIds[0]", "templateIds[0] must be a UUID.")]
    [InlineData("""{"expiresAt":"soon"}""", "expiresAt", "expiresAt must be an ISO 8601 date-time.")]
    [InlineData("""{"maxUses":3,"maxUses":4}""", "maxUses", "maxUses is given twice.")]
    public async Task UpdateDiscount_WrongJsonType_400NamesFieldAndExpectedType(string json, string field, string message)
    {
        var code = await app.PercentCodeAsync(10, maxUses: 5);

        var body = await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", json)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal([message], body["errors"]![field]!.AsArray().Select(m => (string?)m));
    }

    [Fact]
    public async Task CreateDiscount_UnknownTemplate_422TemplateNotFoundNamingItAndNothingWritten()
    {
        var known = await app.TemplateAsync();
        var missing = Guid.NewGuid();
        var codes = await app.CountAsync("discount_code");
        var audit = await app.CountAsync("discount_audit_log");

        var body = await (await Admin.PostJsonAsync("/api/manage/discounts", $$"""{"code":"{{Code()}}","kind":"percent","percentOff":10,"templateIds":["{{known.Id}}","{{missing}}"]}"""))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "template_not_found");

        Assert.Contains(missing.ToString(), (string?)body["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain(known.Id.ToString(), (string?)body["detail"], StringComparison.Ordinal);
        Assert.Equal(codes, await app.CountAsync("discount_code"));
        Assert.Equal(audit, await app.CountAsync("discount_audit_log"));
    }

    [Fact]
    public async Task CreateDiscount_KnownTemplates_201()
    {
        var template = await app.TemplateAsync();

        var body = await (await Admin.PostJsonAsync("/api/manage/discounts", $$"""{"code":"{{Code()}}","kind":"percent","percentOff":10,"templateIds":["{{template.Id}}"]}"""))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(template.Id.ToString(), (string?)body["templateIds"]![0]);
    }

    [Fact]
    public async Task UpdateDiscount_UnknownTemplate_422TemplateNotFoundAndNothingChanged()
    {
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        var missing = Guid.NewGuid();

        var body = await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", $$"""{"templateIds":["{{missing}}"]}"""))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "template_not_found");

        Assert.Contains(missing.ToString(), (string?)body["detail"], StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT version FROM discount_code WHERE id = @id", new { id = code.Id }));
    }

    [Fact]
    public async Task GenerateDiscountCodes_UnknownTemplate_422TemplateNotFoundAndNothingWritten()
    {
        var codes = await app.CountAsync("discount_code");

        await (await Admin.PostJsonAsync("/api/manage/discounts/generate", $$$"""{"count":2,"terms":{"kind":"percent","percentOff":10,"templateIds":["{{{Guid.NewGuid()}}}"]}}"""))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "template_not_found");

        Assert.Equal(codes, await app.CountAsync("discount_code"));
    }

    [Fact]
    public async Task CreateDiscount_UpperCaseCurrency_201StoredLowerCase()
    {
        var body = await (await Admin.PostJsonAsync("/api/manage/discounts", $$"""{"code":"{{Code()}}","kind":"fixed","amountOff":500,"currency":"USD"}"""))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("usd", (string?)body["discount"]!["currency"]);
        Assert.Equal("usd", await app.ScalarAsync<string>("SELECT currency FROM discount_code WHERE id = @id", new { id = body.Id("id") }));
    }
}
