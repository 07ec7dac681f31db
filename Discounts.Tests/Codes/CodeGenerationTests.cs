using System.Net;
using System.Net.Http.Json;
using Discounts.Core.Codes;
using Discounts.Tests.Infrastructure;
using Npgsql;

namespace Discounts.Tests.Codes;

public sealed class CodeGenerationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Trait("EdgeCase", "EC-053")]
    [Fact]
    public async Task EC053_GeneratedCodesCollide_RegeneratedAndIndexHoldsUniqueness()
    {
        // A generator that first draws the code an admin already created, and repeats itself, then goes on.
        await app.CodeAsync(new NewDiscountCode { Code = "DUP22222222", Kind = DiscountKind.Percent, PercentOff = 5 });
        var draws = new Queue<int>(Enumerable.Repeat(0, 8 * 3).Concat(Enumerable.Range(0, 8 * 4).Select(i => (i / 8) + 1)));
        var generator = new CodeGenerator(max => draws.Count > 0 ? draws.Dequeue() : Random.Shared.Next(max));
        var service = new DiscountCodeService(app.Service<NpgsqlDataSource>(), app.Clock, generator);

        var outcome = await service.GenerateAsync(new CodeBatch
        {
            Count = 3, Prefix = "DUP", Length = 8,
            Terms = new NewDiscountCode { Kind = DiscountKind.Percent, PercentOff = 10, Campaign = "ec053" },
        }, "test", null, CancellationToken.None);
        var created = outcome.Value!;

        Assert.Equal(3, created.Count);
        Assert.Equal(3, created.Distinct().Count());
        Assert.DoesNotContain("DUP22222222", created);
        Assert.Equal(3L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_code WHERE campaign = 'ec053'"));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_code WHERE code = 'DUP22222222'"));
    }

    [Fact]
    public async Task GenerateDiscountCodes_TenThousandSingleUseCodes_OneTransaction()
    {
        var admin = app.ClientFor("gen-admin", admin: true);
        var response = await admin.PostAsJsonAsync("/api/manage/discounts/generate", new { count = 10_000, prefix = "VIP-", terms = new { kind = "percent", percentOff = 15, campaign = "vip-2026" } });
        var body = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(10_000, (int)body["count"]!);
        var codes = body["codes"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.All(codes, c => Assert.Matches("^VIP-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{13}$", c));
        Assert.True(CodeGenerator.EntropyBits(CodeGenerator.DefaultLength) >= 60);
        Assert.Equal(10_000L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_code WHERE campaign = 'vip-2026' AND max_uses = 1"));
        Assert.Equal(10_000L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot s JOIN discount_code c ON c.id = s.code_id WHERE c.campaign = 'vip-2026'"));
        Assert.Equal(10_000L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log a JOIN discount_code c ON c.id = a.code_id WHERE c.campaign = 'vip-2026' AND a.action = 'code.created'"));

        var template = await app.TemplateAsync();
        await (await app.ClientFor("vip-1").ApplyAsync(codes[0], template.Id)).ExpectAsync(HttpStatusCode.Created);
        await (await app.ClientFor("vip-2").ApplyAsync(codes[0], template.Id)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code_exhausted");
    }
}
