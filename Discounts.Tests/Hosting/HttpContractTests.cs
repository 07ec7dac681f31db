using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Hosting;

/// <summary>Identity and bad input: problem details with stable codes, never a 500, nothing written.</summary>
public sealed class HttpContractTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Trait("EdgeCase", "EC-034")]
    [Fact]
    public async Task EC034_MissingOrExpiredToken_401_OthersReservation_404()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10);
        var anonymous = app.CreateClient();
        await (await anonymous.ApplyAsync(code.Code, template.Id)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        var expired = app.CreateClient();
        expired.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Discounts.Functions.Auth.DevTokens.Create(app.Auth, "late", null, false, DateTimeOffset.UtcNow.AddHours(-3), TimeSpan.FromHours(1)));
        await (await expired.ApplyAsync(code.Code, template.Id)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        var reservation = await (await app.ClientFor("owner").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);
        var intruder = app.ClientFor("intruder");
        await (await intruder.GetAsync($"/api/discount/reservations/{reservation["reservationId"]}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await intruder.DeleteAsync($"/api/discount/reservations/{reservation["reservationId"]}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("reserved", await app.UsageStatusAsync(reservation.Id("reservationId")));
    }

    [Trait("EdgeCase", "EC-035")]
    [Fact]
    public async Task EC035_NonAdminOnAdminFunctions_403()
    {
        var user = app.ClientFor("not-admin");
        await (await user.GetAsync("/api/manage/discounts")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await user.PostAsync("/api/manage/discounts", new StringContent("{}", Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await user.GetAsync($"/api/manage/discounts/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Trait("EdgeCase", "EC-033")]
    [Fact]
    public async Task EC033_WrongContentTypeBadJsonOversized_415_400_413_NothingWritten()
    {
        var client = app.ClientFor("bad-input");
        var before = await app.CountAsync("discount_usage");
        await (await client.PostAsync("/api/discount/apply", new StringContent("code=X", Encoding.UTF8, "text/plain"))).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await (await client.PostAsync("/api/discount/apply", new StringContent("{\"code\":", Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await client.PostAsync("/api/discount/apply", new StringContent("[1,2]", Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await client.PostAsync("/api/discount/apply", new StringContent("{\"code\":7}", Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await client.PostAsync("/api/discount/apply", new StringContent($"{{\"code\":\"{new string('A', 20_000)}\"}}", Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(before, await app.CountAsync("discount_usage"));
    }

    [Trait("EdgeCase", "EC-032")]
    [Fact]
    public async Task EC032_MalformedCodeOrTemplate_400WithFieldErrors()
    {
        var client = app.ClientFor("malformed");
        var body = await (await client.ApplyAsync("'; DROP TABLE discount_code; --", Guid.Empty)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.NotNull(body["errors"]!["code"]);
        var validation = await (await client.GetAsync("/api/discount/validate?code=%3Cscript%3E&templateId=nope")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.NotNull(validation["errors"]!["templateId"]);
        Assert.True(await app.ScalarAsync<bool>("SELECT to_regclass('discount_code') IS NOT NULL"));
    }

    [Fact]
    public async Task UnknownRouteAndMethod_ProblemDetails()
    {
        await (await app.CreateClient().GetAsync("/api/nope")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await app.CreateClient().PutAsync("/api/discount/apply", new StringContent("{}", Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Health_DatabaseOk()
    {
        var body = await (await app.CreateClient().GetAsync("/api/health")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("healthy", "ok"), ((string?)body["status"], (string?)body["database"]));
    }

    [Trait("EdgeCase", "EC-030")]
    [Fact]
    public async Task EC030_AdminCreateGetList_DuplicateAfterNormalization_409()
    {
        var admin = app.ClientFor("admin-1", admin: true);
        var create = new StringContent("""{"code":"Summer-26","kind":"fixed","amountOff":1000,"currency":"usd","maxUses":20}""", Encoding.UTF8, "application/json");
        var created = await (await admin.PostAsync("/api/manage/discounts", create)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("SUMMER-26", (string?)created["code"]);

        var duplicate = new StringContent("""{"code":" ｓｕｍｍｅｒ-26 ","kind":"percent","percentOff":5}""", Encoding.UTF8, "application/json");
        await (await admin.PostAsync("/api/manage/discounts", duplicate)).ExpectProblemAsync(HttpStatusCode.Conflict, "duplicate_code");

        var got = await admin.GetAsync($"/api/manage/discounts/{created["id"]}");
        var body = await got.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", got.Headers.ETag?.Tag);
        Assert.Equal(0, (long)body["usage"]!["slotsTaken"]!);
        var list = await (await admin.GetAsync("/api/manage/discounts?q=summer&limit=5")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(list["items"]!.AsArray(), i => (string?)i!["code"] == "SUMMER-26");

        var invalid = await (await admin.PostAsync("/api/manage/discounts", new StringContent("""{"code":"OK123","kind":"percent","percentOff":150,"maxUses":0}""", Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.NotNull(invalid["errors"]!["percentOff"]);
        Assert.NotNull(invalid["errors"]!["maxUses"]);
    }
}
