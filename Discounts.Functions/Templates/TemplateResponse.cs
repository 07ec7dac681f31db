using Discounts.Core.Templates;

namespace Discounts.Functions.Templates;

/// <summary>A template of the catalog as admins see it.</summary>
public sealed record TemplateResponse(Guid Id, string Slug, string Title, long Price, string Currency, bool Active, int Version, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static TemplateResponse From(Template t) => new(t.Id, t.Slug, t.Title, t.Price, t.Currency, t.Active, t.Version, t.CreatedAt, t.UpdatedAt);
}

public sealed record ListTemplatesResponse(IReadOnlyList<TemplateResponse> Items, string? NextCursor);

/// <summary>What an import did; an import is all or nothing, so these add up to the rows sent.</summary>
public sealed record ImportTemplatesResponse(int Created, int Updated, int Unchanged);
