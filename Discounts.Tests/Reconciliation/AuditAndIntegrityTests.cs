using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Reconciliation;

/// <summary>The audit trail query and the integrity check on demand.</summary>
public sealed class AuditAndIntegrityTests : AppPerTest
{
    private AppFactory app => App;

    private HttpClient Admin => app.ClientFor("admin-audit", admin: true);

    [Fact]
    public async Task ListAuditLog_FiltersAndCursor_NewestFirstWithDocuments()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        var start = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"description":"one"}""")).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.PatchDiscountAsync(code.Id, "\"2\"", """{"description":"two"}""")).ExpectAsync(HttpStatusCode.OK);
        var usage = (await (await app.ClientFor("audited").ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created)).Id("reservationId");

        var all = await (await Admin.GetAsync($"/api/manage/audit?codeId={code.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["usage.reserved", "code.updated", "code.updated", "code.created"], all["items"]!.AsArray().Select(i => (string)i!["action"]!));
        Assert.Equal("two", (string?)all["items"]![1]!["after"]!["description"]);

        var first = await (await Admin.GetAsync($"/api/manage/audit?codeId={code.Id}&actor=user:admin-audit&limit=1")).ExpectAsync(HttpStatusCode.OK);
        var second = await (await Admin.GetAsync($"/api/manage/audit?codeId={code.Id}&actor=user:admin-audit&limit=1&cursor={first["nextCursor"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("two", (string?)first["items"]![0]!["after"]!["description"]);
        Assert.Equal("one", (string?)second["items"]![0]!["after"]!["description"]);

        var byUsage = await (await Admin.GetAsync($"/api/manage/audit?usageId={usage}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("usage.reserved", (string?)byUsage["items"]!.AsArray().Single()!["action"]);
        var window = await (await Admin.GetAsync($"/api/manage/audit?codeId={code.Id}&to={Uri.EscapeDataString(start.AddSeconds(1).ToString("O"))}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("code.created", (string?)window["items"]!.AsArray().Single()!["action"]);

        await (await Admin.GetAsync("/api/manage/audit?codeId=nope&from=yesterday&cursor=-1&limit=500")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        var extremes = await (await Admin.GetAsync("/api/manage/audit?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&limit=1")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(extremes["items"]!.AsArray());
    }

    [Fact]
    public async Task ListAuditLog_ActionFilter_OnlyThatAction()
    {
        var code = await app.PercentCodeAsync(10, maxUses: 5);
        await (await Admin.PatchDiscountAsync(code.Id, "\"1\"", """{"description":"one"}""")).ExpectAsync(HttpStatusCode.OK);

        var updated = await (await Admin.GetAsync($"/api/manage/audit?codeId={code.Id}&action=code.updated")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["code.updated"], updated["items"]!.AsArray().Select(i => (string)i!["action"]!));
        var none = await (await Admin.GetAsync($"/api/manage/audit?codeId={code.Id}&action=no.such")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(none["items"]!.AsArray());
        await (await Admin.GetAsync($"/api/manage/audit?action={new string('a', 101)}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Trait("EdgeCase", "EC-022")]
    [Fact]
    public async Task EC022_RunIntegrityCheck_DryRunReportsFixCorrects()
    {
        var code = await app.PercentCodeAsync(10, maxUses: 4);
        await app.ExecuteAsync("DELETE FROM discount_slot WHERE code_id = @id AND slot_no = 4", new { id = code.Id });

        var dry = await (await Admin.PostJsonAsync("/api/manage/integrity-check", """{"fix":false}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.False((bool)dry["fixed"]!);
        Assert.Equal(1, (int)dry["slotRowsMissing"]!);
        Assert.Equal(0, (int)dry["corrected"]!);
        Assert.Equal(3, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id", new { id = code.Id }));

        var fixedRun = await (await Admin.PostJsonAsync("/api/manage/integrity-check", """{"fix":true}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.True((bool)fixedRun["fixed"]!);
        Assert.True((int)fixedRun["corrected"]! >= 1);
        Assert.Equal(4, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id", new { id = code.Id }));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE code_id = @id AND action = 'reconcile.slot_rows_fixed'", new { id = code.Id }));

        var empty = await (await Admin.PostAsync("/api/manage/integrity-check", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)empty["slotRowsMissing"]!);
        await (await Admin.PostJsonAsync("/api/manage/integrity-check", """{"fix":"yes"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task AuditAndIntegrity_NonAdmin_403()
    {
        var user = app.ClientFor("not-admin");
        await (await user.GetAsync("/api/manage/audit")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await user.PostJsonAsync("/api/manage/integrity-check", """{"fix":true}""")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
