using System.Net;
using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Export;

/// <summary>GET /api/manage/export: streamed CSV, formula cells escaped, purchase amounts that add up (EC-045).</summary>
public sealed class ExportDataTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient Admin => app.ClientFor("admin-export", admin: true);

    private static long Amount(string text) => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> Parse(string csv)
    {
        // The exported values used here hold no separators or inner quotes, so a split and unquoting reads them.
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',').Select((v, i) => (header[i], v: v.Length > 1 && v[0] == '"' && v[^1] == '"' ? v[1..^1] : v)).ToDictionary(p => p.Item1, p => p.v)).ToList();
    }

    [Trait("EdgeCase", "EC-045")]
    [Fact]
    public async Task EC045_PurchaseExport_OriginalDiscountFinal_AddUpToStripeTotals()
    {
        var code = await app.PercentCodeAsync(25, maxUses: 10);
        var paid = new List<Journey>();
        foreach (var user in new[] { "ec045-a", "ec045-b" })
        {
            var journey = await Journey.StartAsync(app, user, code, await app.TemplateAsync(price: user == "ec045-a" ? 4900 : 12345));
            app.Stripe.Complete(journey.SessionId);
            var (payload, signature) = app.SignedEvent("checkout.session.completed", journey.Session());
            await (await app.CreateClient().WebhookAsync(payload, signature)).ExpectAsync(HttpStatusCode.OK);
            paid.Add(journey);
        }

        var response = await Admin.GetAsync("/api/manage/export?type=purchases&format=csv");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = Parse(csv).Where(r => paid.Any(j => j.PurchaseId.ToString() == r["id"])).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(Amount(r["original_amount"]) - Amount(r["discount_amount"]), Amount(r["final_amount"])));
        Assert.All(rows, r => Assert.Equal(code.Code, r["code"]));
        var stripeTotal = paid.Sum(j => (long)app.Stripe.Session(j.SessionId)["amount_total"]!);
        Assert.Equal(stripeTotal, rows.Where(r => r["status"] == "paid").Sum(r => Amount(r["final_amount"])));
        Assert.Equal(3675 + 9259, stripeTotal);
    }

    [Fact]
    public async Task ExportData_FormulaLookingCells_EscapedWithApostrophe()
    {
        var code = await app.CodeAsync(new NewDiscountCode
        {
            Code = "CSVINJECT1",
            Kind = DiscountKind.Percent,
            PercentOff = 10,
            MaxUses = 3,
            Description = "=1+2",
            Campaign = "@SUM(A1)",
        });

        var csv = await (await Admin.GetAsync("/api/manage/export?type=codes")).Content.ReadAsStringAsync();

        var row = Parse(csv).Single(r => r["id"] == code.Id.ToString());
        Assert.Equal("'=1+2", row["description"]);
        Assert.Equal("'@SUM(A1)", row["campaign"]);
        Assert.Equal("3", row["max_uses"]);
        Assert.DoesNotContain(",=1+2", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportData_Usages_OneRowPerUsage()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        var usage = (await (await app.ClientFor("export-usage").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created)).Id("reservationId");

        var csv = await (await Admin.GetAsync("/api/manage/export?type=usages&format=csv")).Content.ReadAsStringAsync();

        var row = Parse(csv).Single(r => r["id"] == usage.ToString());
        Assert.Equal("reserved", row["status"]);
        Assert.Equal("export-usage@example.com", row["email"]);
    }

    [Fact]
    public async Task ExportData_BadTypeOrFormat_400_NonAdmin_403()
    {
        await (await Admin.GetAsync("/api/manage/export?type=secrets")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await Admin.GetAsync("/api/manage/export?type=codes&format=xlsx")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await app.ClientFor("not-admin").GetAsync("/api/manage/export?type=codes")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
