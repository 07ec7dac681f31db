using System.Globalization;
using System.Text;
using Discounts.Core.Codes;
using Discounts.Core.Templates;
using Microsoft.AspNetCore.Mvc;
using Discounts.Core.Export;
using Discounts.Functions.Codes;
using Discounts.Functions.Export;

namespace Discounts.Functions.AdminConsole.Pages.Campaigns;

/// <summary>
/// GenerateDiscountCodes from a form: a campaign of single-use codes with shared terms, in one transaction; then
/// a CSV of exactly the codes made (ExportData's code columns), named after the campaign.
/// </summary>
public sealed class NewCampaignModel(DiscountCodeService codes, TemplateCatalog catalog, ExportService export) : ConsolePage
{
    [BindProperty]
    public CodeForm Input { get; set; } = new();

    [BindProperty]
    public string? Count { get; set; }

    [BindProperty]
    public string? Prefix { get; set; }

    [BindProperty]
    public string? Length { get; set; }

    /// <summary>The first code of a generation just made (after the redirect): the page offers its CSV.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Batch { get; set; }

    /// <summary>How many codes the generation made (carried over the redirect).</summary>
    [TempData]
    public int? Generated { get; set; }

    public DiscountCode? First { get; private set; }

    public TemplateChoices Templates { get; private set; } = TemplateChoices.None;

    public CodeFormView View => new(Input, Templates, Format);

    public string CsvUrl => "/console/campaigns/new?handler=csv&batch=" + Uri.EscapeDataString(First!.Code);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (Batch is { Length: > 0 })
        {
            First = await codes.FindByCodeAsync(Batch, ct);
        }

        Length ??= CodeGenerator.DefaultLength.ToString(CultureInfo.InvariantCulture);
        Templates = await TemplateChoices.LoadAsync(catalog, null, ct);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var errors = new Dictionary<string, string[]>();
        var batch = new CodeBatch
        {
            Terms = Input.ToNewCode(Format, errors) with { Code = null, MaxUses = null, MaxUsesPerUser = null },
            Count = Whole(Count, "count", errors) ?? 0,
            Prefix = Prefix?.Trim().ToUpperInvariant() ?? "",
            Length = Whole(Length, "length", errors) ?? CodeGenerator.DefaultLength,
        };
        foreach (var (field, messages) in batch.Validate())
        {
            errors.TryAdd(field, messages);
        }

        if (errors.Count == 0 && ModelState.IsValid)
        {
            var outcome = await codes.GenerateAsync(batch, Admin.Actor, Admin.Ip, ct);
            if (outcome.Succeeded)
            {
                Generated = outcome.Value!.Count;
                return Redirect("/console/campaigns/new?batch=" + Uri.EscapeDataString(outcome.Value[0]));
            }

            AddOutcomeError(outcome.Error!, outcome.Detail);
        }

        AddErrors(errors);
        Templates = await TemplateChoices.LoadAsync(catalog, Input.TemplateIds, ct);
        return Page();
    }

    /// <summary>The generation's codes as CSV (ExportData's columns), streamed; named after the campaign.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (await codes.FindByCodeAsync(Batch, ct) is not { } first)
        {
            return NotFound();
        }

        await CsvExport.Stream(CsvExport.Codes, export.GeneratedCodesAsync(first, ct), FileName(first), ct).ExecuteAsync(HttpContext);
        return new EmptyResult();
    }

    /// <summary>"spring-vip-codes.csv": the campaign's name in letters, digits and dashes (else the first code's).</summary>
    public static string FileName(DiscountCode first)
    {
        var name = new StringBuilder();
        foreach (var c in (first.Campaign ?? first.Code).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        var slug = name.ToString().Trim('-');
        return (slug.Length == 0 ? "campaign" : slug[..Math.Min(slug.Length, 60)].TrimEnd('-')) + "-codes.csv";
    }

    private static int? Whole(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors[field] = [$"{field} is a whole number."];
        return null;
    }
}
