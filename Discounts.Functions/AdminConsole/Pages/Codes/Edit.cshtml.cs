using System.Text.Json;
using Discounts.Core.Audit;
using Discounts.Core.Codes;
using Discounts.Core.Common;
using Discounts.Core.Templates;
using Microsoft.AspNetCore.Mvc;
using Discounts.Functions.Codes;

namespace Discounts.Functions.AdminConsole.Pages.Codes;

/// <summary>
/// Edits a code as UpdateDiscount does: only the fields that changed since the form was opened, at the version it
/// was opened at. When another admin saved the code meanwhile, nothing is written: the page says what they changed,
/// takes their value where this admin had not touched a field, keeps this admin's where they had, and moves to the
/// new version, so saving again is a deliberate overwrite of what it lists.
/// </summary>
public sealed class EditCodeModel(DiscountCodeService codes, TemplateCatalog catalog, AuditReader audit) : ConsolePage
{
    /// <summary>What the admin entered.</summary>
    [BindProperty]
    public CodeForm Input { get; set; } = new();

    /// <summary>The editable values as the form was opened (hidden fields): what "changed" is measured against.</summary>
    [BindProperty]
    public CodeForm Opened { get; set; } = new();

    /// <summary>The version the form was opened at (UpdateDiscount's If-Match).</summary>
    [BindProperty]
    public int Version { get; set; }

    public DiscountCode Code { get; private set; } = new();

    public TemplateChoices Templates { get; private set; } = TemplateChoices.None;

    /// <summary>Set when the save met a newer version: what changed since the form was opened.</summary>
    public IReadOnlyList<StaleChange>? Stale { get; private set; }

    /// <summary>Who saved the code since the form was opened (the audit log's actors).</summary>
    public IReadOnlyList<string> StaleBy { get; private set; } = [];

    public CodeFormView View => new(Input, Templates, Format);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await codes.GetAsync(id, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }

        Code = found.Code;
        Input = CodeForm.From(Code, Format);
        Opened = CodeForm.From(Code, Format);
        Version = Code.Version;
        Templates = await TemplateChoices.LoadAsync(catalog, Code.TemplateIds, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await codes.GetAsync(id, ct) is not { } found)
        {
            return NotFound();
        }

        Code = found.Code;
        if (Code.Status == CodeStatus.Archived)
        {
            return Page(); // says so, with no form
        }

        var errors = new Dictionary<string, string[]>();
        var changes = Input.ToChanges(Opened, Format, errors);
        if (errors.Count == 0 && ModelState.IsValid)
        {
            if (CodeForm.Editable.All(f => !Input.Changed(f, Opened)))
            {
                Notice = "Nothing changed, so nothing was saved.";
                return Redirect($"/console/codes/{id}");
            }

            foreach (var (field, messages) in changes.Validate())
            {
                errors.TryAdd(field, messages);
            }
        }

        if (errors.Count == 0 && ModelState.IsValid)
        {
            var outcome = await codes.UpdateAsync(id, Version, changes, Admin.Actor, Admin.Ip, ct);
            if (outcome.Succeeded)
            {
                Notice = $"{outcome.Value.Code.Code} saved (version {outcome.Value.Code.Version}).";
                return Redirect($"/console/codes/{id}");
            }

            if (outcome.Error == Errors.PreconditionFailed && await codes.GetAsync(id, ct) is { } now)
            {
                Code = now.Code;
                if (Code.Status != CodeStatus.Archived)
                {
                    await ExplainStaleAsync(ct);
                }
            }
            else if (outcome.Error == Errors.Conflict && Code.Status != CodeStatus.Archived)
            {
                ModelState.AddModelError("refundReleasesSlot", outcome.Detail!); // the one conflict of a code that is not archived
            }
            else
            {
                AddOutcomeError(outcome.Error!, outcome.Detail);
            }
        }

        AddErrors(errors);
        Templates = await TemplateChoices.LoadAsync(catalog, [.. Input.TemplateIds ?? [], .. Code.TemplateIds], ct);
        return Page();
    }

    /// <summary>Compares the values the form was opened with against the code as it is now (<see cref="Code"/>).</summary>
    private async Task ExplainStaleAsync(CancellationToken ct)
    {
        var now = CodeForm.From(Code, Format);
        var changed = new List<StaleChange>();
        foreach (var field in CodeForm.Editable.Where(f => f.Value(now) != f.Value(Opened)))
        {
            var mine = Input.Changed(field, Opened);
            changed.Add(new StaleChange(field, field.Value(Opened), field.Value(now), mine && field.Value(Input) != field.Value(now) ? field.Value(Input) : null));
            if (!mine)
            {
                field.Copy(Input, now); // theirs: this admin had left it as it was
            }
        }

        var openedAt = Version;
        StaleBy = (await audit.ListAsync(new AuditQuery { CodeId = Code.Id, Limit = 50 }, ct))
            .Where(r => r.Action == AuditAction.CodeUpdated.Name && VersionAfter(r) > openedAt)
            .Select(r => r.Actor)
            .Reverse()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Stale = changed;
        Opened = now;
        Version = Code.Version;
    }

    private static int VersionAfter(AuditRecord record)
    {
        if (record.After is null)
        {
            return 0;
        }

        using var after = JsonDocument.Parse(record.After);
        return after.RootElement.TryGetProperty("version", out var version) && version.TryGetInt32(out var v) ? v : 0;
    }
}

/// <summary>A field another admin changed since the form was opened: from, to, and this admin's own value when it differs.</summary>
public sealed record StaleChange(EditableField Field, string Was, string Now, string? Yours);
