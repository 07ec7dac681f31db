using System.Globalization;
using System.Text;
using System.Text.Json;
using Discounts.Core.Common;
using Discounts.Core.Codes;
using Discounts.Core.Templates;
using Microsoft.AspNetCore.Mvc;
using Discounts.Core.Export;
using Discounts.Functions.Codes;
using Discounts.Functions.Export;

namespace Discounts.Functions.AdminConsole.Pages.Campaigns;

/// <summary>
/// GenerateDiscountCodes from a form: a campaign of single-use codes with shared terms (up to 10,000 in one
/// transaction, more in the background while the page shows the progress); then a CSV of exactly the codes made
/// (ExportData's code columns), named after the campaign.
/// </summary>
public sealed class NewCampaignModel(CodeGenerationService generations, CodeGenerationWorker worker, TemplateCatalog catalog, ExportService export) : ConsolePage
{
    [BindProperty]
    public CodeForm Input { get; set; } = new();

    [BindProperty]
    public string? Count { get; set; }

    [BindProperty]
    public string? Prefix { get; set; }

    [BindProperty]
    public string? Length { get; set; }

    /// <summary>A generation just made (after the redirect): the page shows its progress, then offers its CSV.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Generation { get; set; }

    public CodeGeneration? Made { get; private set; }

    /// <summary>What every code of <see cref="Made"/> is.</summary>
    public DiscountCode? Terms { get; private set; }

    /// <summary>Whether the codes are still being written (the page reloads itself to show the progress).</summary>
    public bool Writing => Made?.Status is CodeGenerationStatus.Queued or CodeGenerationStatus.Running;

    public TemplateChoices Templates { get; private set; } = TemplateChoices.None;

    public CodeFormView View => new(Input, Templates, Format);

    public string CsvUrl => "/console/campaigns/new?handler=csv&generation=" + Made!.Id;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (Generation is { } id && await generations.GetAsync(id, ct) is { } made)
        {
            Made = made;
            Terms = CodeGenerationService.SingleUse(JsonSerializer.Deserialize<NewDiscountCode>(made.Terms, Json.Options)!, made, made.CreatedAt);
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
            var outcome = await generations.CreateAsync(batch, Admin.Actor, Admin.Ip, ct);
            if (outcome.Succeeded)
            {
                if (outcome.Value!.Codes is null)
                {
                    worker.Start();
                }

                return Redirect("/console/campaigns/new?generation=" + outcome.Value.Generation.Id);
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
        if (Generation is not { } id || await generations.GetAsync(id, ct) is not { } made)
        {
            return NotFound();
        }

        await CsvExport.Stream(CsvExport.Codes, export.GeneratedCodesAsync(id, ct), FileName(made), ct).ExecuteAsync(HttpContext);
        return new EmptyResult();
    }

    /// <summary>"spring-vip-codes.csv": the campaign's name in letters, digits and dashes (else the codes' prefix).</summary>
    public static string FileName(CodeGeneration made)
    {
        var name = new StringBuilder();
        foreach (var c in (made.Campaign ?? made.Prefix).ToLowerInvariant())
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
