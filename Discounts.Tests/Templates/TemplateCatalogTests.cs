using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Discounts.Core.Database;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Templates;

/// <summary>The catalog as a marketplace uses it, through the functions only: register, import, reprice, retire.</summary>
public sealed class TemplateCatalogTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient Admin => app.ClientFor("catalog-admin", admin: true);

    private Task<HttpResponseMessage> PutAsync(Guid id, object body) => Admin.PutAsJsonAsync($"/api/manage/templates/{id}", body);

    private Task<long> AuditCountAsync(Guid templateId) =>
        app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE template_id = @templateId", new { templateId });

    [Fact]
    public async Task PutTemplate_CreatesThenIsIdempotent_ThenReplacesWithAVersionAndAnAuditRow()
    {
        var id = Guid.NewGuid();
        var body = new { slug = "put-" + id.ToString("N")[..8], title = "Put Template", price = 4900, currency = "USD" };
        var created = await (await PutAsync(id, body)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("usd", (string?)created["currency"]);
        Assert.Equal(1, (int)created["version"]!);

        var again = await PutAsync(id, body);
        Assert.Equal(1, (int)(await again.ExpectAsync(HttpStatusCode.OK))["version"]!);
        Assert.Equal(1L, await AuditCountAsync(id)); // sending the same template again changes and audits nothing

        await (await PutAsync(id, body with { price = 5900 })).ExpectAsync(HttpStatusCode.OK);
        var fetched = await Admin.GetAsync($"/api/manage/templates/{id}");
        Assert.Equal(5900, (long)(await fetched.ExpectAsync(HttpStatusCode.OK))["price"]!);
        Assert.Equal("\"2\"", fetched.Headers.ETag?.Tag);
        var audit = await (await Admin.GetAsync($"/api/manage/audit?templateId={id}")).ExpectAsync(HttpStatusCode.OK);
        var latest = audit["items"]!.AsArray()[0]!;
        Assert.Equal("template.updated", (string?)latest["action"]);
        Assert.Equal(4900, (long)latest["before"]!["price"]!);
        Assert.Equal(5900, (long)latest["after"]!["price"]!);
    }

    [Fact]
    public async Task PutTemplate_BadInput_400NamingTheField_SlugOfAnother_409_UnknownTemplate_404()
    {
        var errors = (await (await PutAsync(Guid.NewGuid(), new { slug = "Bad Slug", title = "", price = -1, currency = "dollars" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request"))["errors"]!.AsObject();
        Assert.Equal(["slug", "title", "price", "currency"], errors.Select(e => e.Key));
        await (await Admin.PutAsync("/api/manage/templates/not-a-uuid", JsonContent.Create(new { slug = "x" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        var slug = "taken-" + Guid.NewGuid().ToString("N")[..8];
        await (await PutAsync(Guid.NewGuid(), new { slug, title = "First", price = 100, currency = "eur" })).ExpectAsync(HttpStatusCode.Created);
        var other = Guid.NewGuid();
        await (await PutAsync(other, new { slug, title = "Second", price = 100, currency = "eur" })).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM template WHERE id = @other", new { other }));
        await (await Admin.GetAsync($"/api/manage/templates/{other}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await app.ClientFor("not-admin").GetAsync("/api/manage/templates")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Trait("EdgeCase", "EC-017")]
    [Fact]
    public async Task EC017_PriceChangedWhileAHoldIsOpen_TheHoldKeepsItsPrice_TheNextApplyGetsTheNewOne()
    {
        var id = Guid.NewGuid();
        var body = new { slug = "reprice-" + id.ToString("N")[..8], title = "Repriced", price = 4900, currency = "usd" };
        await (await PutAsync(id, body)).ExpectAsync(HttpStatusCode.Created);
        var code = await app.PercentCodeAsync(50, maxUses: 10);
        var hold = await (await app.ClientFor("reprice-early").ApplyAsync(code.Code, id)).ExpectAsync(HttpStatusCode.Created);

        await (await PutAsync(id, body with { price = 9900 })).ExpectAsync(HttpStatusCode.OK);

        var kept = await (await app.ClientFor("reprice-early").GetAsync($"/api/discount/reservations/{hold.Id("reservationId")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2450, (long)kept["pricing"]!["finalAmount"]!);
        var checkout = await (await app.ClientFor("reprice-early").CheckoutAsync(id, hold.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(2450L, await app.ScalarAsync<long>("SELECT final_amount FROM purchase WHERE id = @id", new { id = checkout.Id("purchaseId") }));
        var next = await (await app.ClientFor("reprice-late").ApplyAsync(code.Code, id)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(4950, (long)next["pricing"]!["finalAmount"]!);
    }

    [Fact]
    public async Task RetiredTemplate_ValidateAndApplySayTemplateNotFound_AHoldInFlightKeepsItsTerms_ListFiltersIt()
    {
        var id = Guid.NewGuid();
        var slug = "retire-" + id.ToString("N")[..8];
        await (await PutAsync(id, new { slug, title = "Retired", price = 2900, currency = "usd" })).ExpectAsync(HttpStatusCode.Created);
        var code = await app.PercentCodeAsync(10, maxUses: 10);
        var hold = await (await app.ClientFor("retire-holder").ApplyAsync(code.Code, id)).ExpectAsync(HttpStatusCode.Created);

        await (await PutAsync(id, new { slug, title = "Retired", price = 2900, currency = "usd", active = false })).ExpectAsync(HttpStatusCode.OK);

        var validate = await (await app.CreateClient().GetAsync($"/api/discount/validate?code={code.Code}&templateId={id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("template_not_found", (string?)validate["reason"]);
        await (await app.ClientFor("retire-late").ApplyAsync(code.Code, id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "template_not_found");
        Assert.Equal("reserved", await app.UsageStatusAsync(hold.Id("reservationId")));

        var retired = await (await Admin.GetAsync($"/api/manage/templates?active=false&q={slug}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(id, retired["items"]!.AsArray().Single()!.AsObject().Id("id"));
        Assert.Empty((await (await Admin.GetAsync($"/api/manage/templates?active=true&q={slug}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
    }

    [Fact]
    public async Task ImportTemplates_TenThousandInOneTransaction_ThenUnchanged_AndABadRowWritesNothing()
    {
        var prefix = Guid.NewGuid().ToString("N")[..6];
        var rows = Enumerable.Range(0, 10_000).Select(i => new JsonObject
        {
            ["id"] = Guid.CreateVersion7().ToString(),
            ["slug"] = $"imp-{prefix}-{i:00000}",
            ["title"] = $"Imported {i}",
            ["price"] = 1000 + i,
            ["currency"] = i % 2 == 0 ? "usd" : "EUR",
        }).ToList();
        var first = await (await Admin.PostAsJsonAsync("/api/manage/templates/import", new { items = rows })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((10_000, 0, 0), ((int)first["created"]!, (int)first["updated"]!, (int)first["unchanged"]!));
        Assert.Equal(10_000L, await app.ScalarAsync<long>("SELECT count(*) FROM template WHERE slug LIKE @p", new { p = $"imp-{prefix}-%" }));
        Assert.Equal(10_000L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log a JOIN template t ON t.id = a.template_id WHERE t.slug LIKE @p AND a.action = 'template.created'", new { p = $"imp-{prefix}-%" }));

        rows[7]["price"] = 1;
        var second = await (await Admin.PostAsJsonAsync("/api/manage/templates/import", new { items = rows })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((0, 1, 9_999), ((int)second["created"]!, (int)second["updated"]!, (int)second["unchanged"]!));

        // One bad row, one duplicate and one slug of another template: 400 naming each row, and nothing is written.
        var before = await app.CountAsync("template");
        var auditBefore = await app.CountAsync("discount_audit_log");
        var bad = rows.Select(r => r.DeepClone().AsObject()).ToList();
        foreach (var row in bad)
        {
            row["title"] = "Renamed";
        }

        bad[9_999]["price"] = -5;
        bad[5_000]["id"] = bad[4_999]["id"]!.GetValue<string>();
        var problem = await (await Admin.PostAsJsonAsync("/api/manage/templates/import", new { items = bad })).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        var errors = problem["errors"]!.AsObject();
        Assert.Contains("items[9999].price", errors.Select(e => e.Key));
        Assert.Contains("items[5000].id", errors.Select(e => e.Key));

        var taken = bad.Take(3).Select(r => r.DeepClone().AsObject()).ToList();
        taken[1]["id"] = Guid.NewGuid().ToString(); // a new id with the slug of an existing template
        var conflict = await (await Admin.PostAsJsonAsync("/api/manage/templates/import", new { items = taken })).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(["items[1].slug"], conflict["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, await app.CountAsync("template"));
        Assert.Equal(auditBefore, await app.CountAsync("discount_audit_log"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM template WHERE title = 'Renamed'"));

        await (await Admin.PostAsJsonAsync("/api/manage/templates/import", new { items = Array.Empty<object>() })).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Seed_WritesThroughTheCatalog_AuditedOnce()
    {
        await Seeder.SeedAsync(app.Service<Npgsql.NpgsqlDataSource>(), app.Clock, CancellationToken.None);
        await Seeder.SeedAsync(app.Service<Npgsql.NpgsqlDataSource>(), app.Clock, CancellationToken.None);
        var audit = await app.QueryAsync<(string Actor, string Action)>("SELECT actor, action FROM discount_audit_log WHERE template_id = @id", new { id = Seeder.PortfolioTemplate });
        Assert.Equal([("system:seed", "template.created")], audit);
        var template = await (await Admin.GetAsync($"/api/manage/templates/{Seeder.PortfolioTemplate}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("minimal-portfolio", (string?)template["slug"]);
    }
}
