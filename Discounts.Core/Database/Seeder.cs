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
        // Through the catalog's own write path, as PutTemplate and ImportTemplates write.
        var templates = new[]
        {
            (PortfolioTemplate, new TemplateInput { Slug = "minimal-portfolio", Title = "Minimal Portfolio", Price = 4900, Currency = "usd" }),
            (ResumeTemplate, new TemplateInput { Slug = "developer-resume", Title = "Developer Resume", Price = 2900, Currency = "usd" }),
            (AgencyTemplate, new TemplateInput { Slug = "agency-pro", Title = "Agency Pro", Price = 12900, Currency = "usd" }),
        }.Select(t =>
        {
            t.Item2.Validate(t.Item1, "", out var template);
            return template;
        }).ToList();
        var (written, conflicts) = await new TemplateCatalog(dataSource, clock).WriteAsync(templates, templates.Select(t => t.Slug).ToList(), "system:seed", null, ct);
        if (written is null)
        {
            throw new InvalidOperationException("The seed's templates conflict with existing ones: " + string.Join("; ", conflicts.Values.SelectMany(v => v)));
        }

        var codes = new DiscountCodeService(dataSource, clock);
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
