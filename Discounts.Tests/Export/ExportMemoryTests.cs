using System.Net;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Export;

/// <summary>The usages export streams row by row: 100,000 usages, and the memory held stays flat while they go out.</summary>
[Collection(RunsAlone.Name)]
public sealed class ExportMemoryTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ExportData_HundredThousandUsages_StreamedInBoundedMemory()
    {
        const int Rows = 100_000;
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: null);
        await app.ExecuteAsync("""
            INSERT INTO discount_usage (id, code_id, code, user_id, email, template_id, kind, percent_bps, original_amount,
                discount_amount, final_amount, currency, status, reserved_at, expires_at, released_at, release_reason, updated_at)
            SELECT gen_random_uuid(), @codeId, @code, 'bulk-' || n, 'bulk-' || n || '@example.com', @templateId, 'percent', 1000,
                4900, 490, 4410, 'usd', 'released', @now, @now, @now, 'expired', @now
            FROM generate_series(1, @rows) AS n
            """, new { codeId = code.Id, code = code.Code, templateId = template.Id, now = app.Clock.GetUtcNow().UtcDateTime, rows = Rows });

        using var response = await app.ClientFor("export-admin", admin: true)
            .GetAsync("/api/manage/export?type=usages&format=csv", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0, bytes = 0, lines = 0;
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                bytes += line.Length + 2;
                if (++lines % 20_000 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }
            }
        }

        Assert.Equal(Rows + 1, lines); // the header and every usage
        Assert.True(bytes > 15_000_000, $"{bytes} bytes: the export must be larger than the bound below for this test to mean anything");
        Assert.True(peak < 8_000_000, $"memory held grew by {peak} bytes while {bytes} bytes were exported");
    }
}
