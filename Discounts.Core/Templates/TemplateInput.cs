using System.Text.RegularExpressions;

namespace Discounts.Core.Templates;

/// <summary>
/// A template as the marketplace sends it (api.md "Catalog"): the body of PutTemplate, and each row of
/// ImportTemplates (which adds the id). <see cref="Validate"/> checks and normalizes it.
/// </summary>
public partial record TemplateInput
{
    public const long MaxPrice = 1_000_000_000_000;

    public string? Slug { get; init; }

    public string? Title { get; init; }

    /// <summary>Minor units of <see cref="Currency"/>, at least 0.</summary>
    public long? Price { get; init; }

    /// <summary>ISO 4217, any case; stored lower case.</summary>
    public string? Currency { get; init; }

    /// <summary>False retires the template (validate and apply answer <c>template_not_found</c>); default true.</summary>
    public bool? Active { get; init; }

    /// <summary>The errors of this input, keyed by <paramref name="prefix"/> + property; the template to store when none.</summary>
    public Dictionary<string, string[]> Validate(Guid id, string prefix, out Template normalized)
    {
        var errors = new Dictionary<string, string[]>();
        var slug = Slug?.Trim() ?? "";
        if (!SlugPattern().IsMatch(slug))
        {
            errors[prefix + "slug"] = ["slug is 1-100 lower-case letters, digits, '-', '_' or '.'."];
        }

        var title = Title?.Trim() ?? "";
        if (title.Length is < 1 or > 200)
        {
            errors[prefix + "title"] = ["title is 1-200 characters."];
        }

        if (Price is not (>= 0 and <= MaxPrice))
        {
            errors[prefix + "price"] = [$"price is required: minor units, 0 to {MaxPrice}."];
        }

        var currency = Currency?.Trim().ToLowerInvariant() ?? "";
        if (!CurrencyPattern().IsMatch(currency))
        {
            errors[prefix + "currency"] = ["currency is required: three letters (ISO 4217), in any case."];
        }

        normalized = new Template { Id = id, Slug = slug, Title = title, Price = Price ?? 0, Currency = currency, Active = Active ?? true };
        return errors;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();
}

/// <summary>One row of ImportTemplates: the marketplace's id and the template.</summary>
public sealed record TemplateImportRow : TemplateInput
{
    public Guid? Id { get; init; }
}

/// <summary>The body of ImportTemplates.</summary>
public sealed record TemplateImport
{
    public const int MaxItems = 10_000;

    public IReadOnlyList<TemplateImportRow>? Items { get; init; }
}
