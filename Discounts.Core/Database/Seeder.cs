using Discounts.Core.Codes;
using Discounts.Core.Templates;
using Npgsql;

namespace Discounts.Core.Database;

/// <summary>Local sample data (a few templates and codes), written by the <c>seed</c> command, never by tests.</summary>
public static class Seeder
{
    public static readonly Guid PortfolioTemplate = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    public static readonly Guid ResumeTemplate = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    public static readonly Guid AgencyTemplate = Guid.Parse("0193a000-0000-7000-8000-000000000003");

    public static async Task<int> SeedAsync(NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            foreach (var (id, slug, title, price) in new[]
            {
                (PortfolioTemplate, "minimal-portfolio", "Minimal Portfolio", 4900L),
                (ResumeTemplate, "developer-resume", "Developer Resume", 2900L),
                (AgencyTemplate, "agency-pro", "Agency Pro", 12900L),
            })
            {
                await TemplateRepository.UpsertAsync(conn, new Template { Id = id, Slug = slug, Title = title, Price = price, Currency = "usd", Active = true, CreatedAt = now, UpdatedAt = now });
            }
        }

        var codes = new DiscountCodeService(dataSource, clock, new CodeGenerator());
        var created = 0;
        foreach (var code in new[]
        {
            new NewDiscountCode { Code = "SPRING25", Description = "Spring sale", Kind = DiscountKind.Percent, PercentOff = 25, MaxUses = 20 },
            new NewDiscountCode { Code = "WELCOME10", Description = "$10 off a first purchase", Kind = DiscountKind.Fixed, AmountOff = 1000, Currency = "usd", FirstPurchaseOnly = true },
            new NewDiscountCode { Code = "FREEBIE", Description = "100% off, 5 uses", Kind = DiscountKind.Percent, PercentOff = 100, MaxUses = 5 },
        })
        {
            code.Validate(out var normalized);
            created += (await codes.CreateAsync(code, normalized, "system:seed", null, ct)).Succeeded ? 1 : 0;
        }

        return created;
    }
}
