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
        var service = new CodeGenerationService(app.Service<NpgsqlDataSource>(), app.Clock, generator);

        var outcome = await service.CreateAsync(new CodeBatch
        {
            Count = 3, Prefix = "DUP", Length = 8,
            Terms = new NewDiscountCode { Kind = DiscountKind.Percent, PercentOff = 10, Campaign = "ec053" },
        }, "test", null, CancellationToken.None);
        var created = outcome.Value!.Codes!;

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

    [Fact]
    public async Task GenerateDiscountCodes_MoreThanTenThousand_AcceptedWrittenInTheBackground_ProgressAndCsv()
    {
        var admin = app.ClientFor("gen-admin-large", admin: true);
        var response = await admin.PostAsJsonAsync("/api/manage/discounts/generate", new { count = 12_345, prefix = "BIG-", terms = new { kind = "percent", percentOff = 20, campaign = "big-2026" } });
        var accepted = await response.ExpectAsync(HttpStatusCode.Accepted);
        var location = response.Headers.Location!.ToString();
        Assert.Equal($"/api/manage/code-generations/{accepted.Id("generationId")}", location);
        Assert.Equal(12_345, (int)accepted["count"]!);

        var done = await PollAsync(admin, location);
        Assert.Equal(12_345, (int)done["generated"]!);
        Assert.NotNull((string?)done["finishedAt"]);
        Assert.Equal(12_345L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_code WHERE generation_id = @id AND max_uses = 1 AND code LIKE 'BIG-%'", new { id = accepted.Id("generationId") }));
        Assert.Equal(12_345L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_slot s JOIN discount_code c ON c.id = s.code_id WHERE c.generation_id = @id", new { id = accepted.Id("generationId") }));
        Assert.Equal(12_345L, await app.ScalarAsync<long>("SELECT count(*) FROM discount_audit_log a JOIN discount_code c ON c.id = a.code_id WHERE c.generation_id = @id AND a.action = 'code.created' AND a.xmin = c.xmin", new { id = accepted.Id("generationId") }));

        var csv = await admin.GetStringAsync((string)done["codesUrl"]!);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(12_346, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("BIG-", l.Split(',')[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunPending_ChunkByChunk_EachChunkItsOwnTransaction_ProgressAfterEach()
    {
        var service = new CodeGenerationService(app.Service<NpgsqlDataSource>(), app.Clock, new CodeGenerator()) { InlineMax = 10, ChunkSize = 400 };
        var queued = (await service.CreateAsync(new CodeBatch { Count = 1_000, Prefix = "CHUNK-", Terms = new NewDiscountCode { Kind = DiscountKind.Percent, PercentOff = 10 } }, "test", null, CancellationToken.None)).Value!;
        Assert.Null(queued.Codes);
        Assert.Equal("queued", queued.Generation.Status);

        Assert.Equal(1_000, await service.RunPendingAsync(CancellationToken.None));

        var done = (await service.GetAsync(queued.Generation.Id, CancellationToken.None))!;
        Assert.Equal(("done", 1_000), (done.Status, done.Generated));
        // Three chunks: three transactions, each writing its codes and their audit rows together.
        Assert.Equal(3L, await app.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM discount_code WHERE generation_id = @id", new { id = done.Id }));
        Assert.Equal(0, await service.RunPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunPending_TooFewCodesLeftOfItsLength_FailsSayingWhy()
    {
        var always = new CodeGenerator(_ => 0); // every draw is the same code
        var service = new CodeGenerationService(app.Service<NpgsqlDataSource>(), app.Clock, always) { InlineMax = 1, ChunkSize = 100 };
        var queued = (await service.CreateAsync(new CodeBatch { Count = 5, Prefix = "SAME-", Length = 8, Terms = new NewDiscountCode { Kind = DiscountKind.Percent, PercentOff = 10 } }, "test", null, CancellationToken.None)).Value!;

        await service.RunPendingAsync(CancellationToken.None);

        var failed = (await service.GetAsync(queued.Generation.Id, CancellationToken.None))!;
        Assert.Equal(("failed", 1), (failed.Status, failed.Generated));
        Assert.Contains("use a longer length", failed.Error, StringComparison.Ordinal);
        Assert.NotNull(failed.FinishedAt);
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> PollAsync(HttpClient admin, string location)
    {
        for (var i = 0; i < 600; i++)
        {
            var generation = await (await admin.GetAsync(location)).ExpectAsync(HttpStatusCode.OK);
            if ((string?)generation["status"] is "done" or "failed")
            {
                Assert.Equal("done", (string?)generation["status"]);
                return generation;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The generation did not finish in 60 s.");
    }
}
