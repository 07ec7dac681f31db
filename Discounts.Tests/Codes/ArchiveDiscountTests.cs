using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Codes;

/// <summary>DELETE /api/manage/discounts/{id}: hard delete when never used, archive otherwise.</summary>
public sealed class ArchiveDiscountTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient Admin => app.ClientFor("admin-archive", admin: true);

    [Fact]
    public async Task ArchiveDiscount_NeverUsed_204AndDeletedWithSlots()
    {
        var code = await app.PercentCodeAsync(10, maxUses: 3);

        var response = await Admin.DeleteAsync($"/api/manage/discounts/{code.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM discount_code WHERE id = @id", new { id = code.Id }));
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @id", new { id = code.Id }));
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE code_id = @id AND action = 'code.deleted'", new { id = code.Id }));
        await (await Admin.DeleteAsync($"/api/manage/discounts/{code.Id}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Trait("EdgeCase", "EC-028")]
    [Fact]
    public async Task EC028_DeleteUsedCode_ArchivedAndHoldFinishesUnderFrozenTerms()
    {
        var template = await app.TemplateAsync(price: 4900);
        var code = await app.PercentCodeAsync(25, maxUses: 3);
        var client = app.ClientFor("ec028-user");
        var reservation = await (await client.ApplyAsync(code.Code, template.Id)).ExpectAsync(HttpStatusCode.Created);

        var archived = await (await Admin.DeleteAsync($"/api/manage/discounts/{code.Id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("archived", (string?)archived["status"]);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log WHERE code_id = @id AND action = 'code.archived'", new { id = code.Id }));
        await (await app.ClientFor("ec028-late").ApplyAsync(code.Code, template.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code_inactive");
        var checkout = await (await client.CheckoutAsync(template.Id, reservation.Id("reservationId"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(3675, (long)checkout["pricing"]!["finalAmount"]!);
        await (await Admin.PatchDiscountAsync(code.Id, "\"2\"", """{"status":"active"}""")).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task ArchiveDiscount_NonAdmin_403()
    {
        var code = await app.PercentCodeAsync(10);
        await (await app.ClientFor("not-admin").DeleteAsync($"/api/manage/discounts/{code.Id}")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM discount_code WHERE id = @id", new { id = code.Id }));
    }
}
