using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Discounts.Core.Common;
using Discounts.Core.Codes;
using Discounts.Functions.Http;
using Discounts.Functions.Codes;

namespace Discounts.Functions.AdminConsole;

/// <summary>
/// A code's terms as the console's forms post them: every value as typed (numbers are read here with the
/// invariant culture, times in the admin's zone), under the API's field names. <see cref="ToNewCode"/> and
/// <see cref="ToChanges"/> make the API's own bodies from it, which the server then validates as it validates the
/// API's; the only problems found here are values that are not numbers or times at all (as the API's JSON
/// reader refuses a wrong type).
/// </summary>
public sealed class CodeForm
{
    public string? Code { get; set; }
    public string? Description { get; set; }
    public string? Kind { get; set; }
    public string? PercentOff { get; set; }
    public string? AmountOff { get; set; }
    public string? Currency { get; set; }
    public string? MaxUses { get; set; }
    public string? MaxUsesPerUser { get; set; }
    public string? StartsAt { get; set; }
    public string? ExpiresAt { get; set; }
    public string? MinOrderAmount { get; set; }
    public Guid[]? TemplateIds { get; set; }
    public bool FirstPurchaseOnly { get; set; }
    public string? Campaign { get; set; }
    public bool RefundReleasesSlot { get; set; }
    public string? Status { get; set; }

    /// <summary>The fields an edit may change, in the form's order, with how each is compared and shown.</summary>
    public static readonly IReadOnlyList<EditableField> Editable =
    [
        new("status", "Status", f => f.Status ?? "", (to, from) => to.Status = from.Status, (v, _) => v),
        new("description", "Description", f => Lines(f.Description), (to, from) => to.Description = from.Description, (v, _) => v.Length == 0 ? "none" : v),
        new("maxUses", "Max uses", f => Trim(f.MaxUses), (to, from) => to.MaxUses = from.MaxUses, (v, _) => v.Length == 0 ? "unlimited" : v),
        new("maxUsesPerUser", "Uses per shopper", f => Trim(f.MaxUsesPerUser) is { Length: > 0 } v ? v : "1", (to, from) => to.MaxUsesPerUser = from.MaxUsesPerUser, (v, _) => v),
        new("minOrderAmount", "Minimum order", f => Trim(f.MinOrderAmount), (to, from) => to.MinOrderAmount = from.MinOrderAmount, (v, _) => v.Length == 0 ? "none" : v + " (minor units)"),
        new("startsAt", "Starts", f => Trim(f.StartsAt), (to, from) => to.StartsAt = from.StartsAt, (v, _) => v.Length == 0 ? "no start" : v.Replace('T', ' ')),
        new("expiresAt", "Expires", f => Trim(f.ExpiresAt), (to, from) => to.ExpiresAt = from.ExpiresAt, (v, _) => v.Length == 0 ? "never" : v.Replace('T', ' ')),
        new("templateIds", "Templates", f => string.Join(',', Sorted(f.TemplateIds)), (to, from) => to.TemplateIds = from.TemplateIds,
            (v, name) => v.Length == 0 ? "all templates" : string.Join(", ", v.Split(',').Select(id => name(Guid.Parse(id))))),
        new("firstPurchaseOnly", "First purchase only", f => Flag(f.FirstPurchaseOnly), (to, from) => to.FirstPurchaseOnly = from.FirstPurchaseOnly, (v, _) => YesNo(v)),
        new("campaign", "Campaign", f => Trim(f.Campaign), (to, from) => to.Campaign = from.Campaign, (v, _) => v.Length == 0 ? "none" : v),
        new("refundReleasesSlot", "A refund frees the use", f => Flag(f.RefundReleasesSlot), (to, from) => to.RefundReleasesSlot = from.RefundReleasesSlot, (v, _) => YesNo(v)),
    ];

    /// <summary>The code as the form shows it, times in the admin's zone.</summary>
    public static CodeForm From(DiscountCode code, ConsoleFormat format) => new()
    {
        Code = code.Code,
        Description = code.Description,
        Kind = code.Kind,
        PercentOff = (code.PercentBps / 100m)?.ToString(CultureInfo.InvariantCulture),
        AmountOff = Number(code.AmountOff),
        Currency = code.Currency?.ToUpperInvariant(),
        MaxUses = Number(code.MaxUses),
        MaxUsesPerUser = Number(code.MaxUsesPerUser),
        StartsAt = format.LocalInput(code.StartsAt),
        ExpiresAt = format.LocalInput(code.ExpiresAt),
        MinOrderAmount = Number(code.MinOrderAmount),
        TemplateIds = code.TemplateIds,
        FirstPurchaseOnly = code.FirstPurchaseOnly,
        Campaign = code.Campaign,
        RefundReleasesSlot = code.RefundReleasesSlot,
        Status = code.Status,
    };

    /// <summary>
    /// The create body (CreateDiscount's). Only the chosen kind's amount goes: the form shows both kinds' fields,
    /// and a value left in the other kind's is not meant. Problems of reading go to <paramref name="errors"/>.
    /// </summary>
    public NewDiscountCode ToNewCode(ConsoleFormat format, Dictionary<string, string[]> errors)
    {
        var percent = Kind != DiscountKind.Fixed;
        var @fixed = Kind != DiscountKind.Percent;
        return new NewDiscountCode
        {
            Code = Code,
            Description = Text(Lines(Description)),
            Kind = Text(Kind),
            PercentOff = percent ? Decimal(PercentOff, "percentOff", errors) : null,
            AmountOff = @fixed ? Whole(AmountOff, "amountOff", errors) : null,
            Currency = @fixed ? Text(Trim(Currency)) : null,
            MaxUses = (int?)Whole(MaxUses, "maxUses", errors, int.MaxValue),
            MaxUsesPerUser = (int?)Whole(MaxUsesPerUser, "maxUsesPerUser", errors, int.MaxValue),
            StartsAt = Time(StartsAt, "startsAt", format, errors),
            ExpiresAt = Time(ExpiresAt, "expiresAt", format, errors),
            MinOrderAmount = Whole(MinOrderAmount, "minOrderAmount", errors),
            TemplateIds = Sorted(TemplateIds),
            FirstPurchaseOnly = FirstPurchaseOnly,
            Campaign = Text(Trim(Campaign)),
            RefundReleasesSlot = RefundReleasesSlot,
        };
    }

    /// <summary>
    /// The edit body (UpdateDiscount's, merge semantics): only the fields that differ from <paramref name="opened"/>,
    /// the values the form was opened with, so what the admin did not touch is not written.
    /// </summary>
    public CodeChanges ToChanges(CodeForm opened, ConsoleFormat format, Dictionary<string, string[]> errors)
    {
        var body = new JsonObject();
        foreach (var field in Editable.Where(f => f.Value(this) != f.Value(opened)))
        {
            body[field.Name] = field.Name switch
            {
                "status" => Status,
                "description" => Lines(Description),
                "maxUses" => Whole(MaxUses, field.Name, errors, int.MaxValue) is { } max ? JsonValue.Create(max) : null,
                "maxUsesPerUser" => JsonValue.Create(Whole(MaxUsesPerUser, field.Name, errors, int.MaxValue) ?? 1),
                "minOrderAmount" => Whole(MinOrderAmount, field.Name, errors) is { } min ? JsonValue.Create(min) : null,
                "startsAt" => Time(StartsAt, field.Name, format, errors) is { } starts ? JsonValue.Create(starts) : null,
                "expiresAt" => Time(ExpiresAt, field.Name, format, errors) is { } expires ? JsonValue.Create(expires) : null,
                "templateIds" => new JsonArray(Sorted(TemplateIds).Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
                "firstPurchaseOnly" => FirstPurchaseOnly,
                "campaign" => Text(Trim(Campaign)),
                _ => RefundReleasesSlot,
            };
        }

        // The API's own reader: it calls a setter only for a property the body has, which is what "unchanged" means.
        return body.Deserialize<CodeChanges>(Json.Strict)!;
    }

    /// <summary>Whether the admin changed <paramref name="field"/> from the value the form was opened with.</summary>
    public bool Changed(EditableField field, CodeForm opened) => field.Value(this) != field.Value(opened);

    private static Guid[] Sorted(Guid[]? ids) => ids is null ? [] : ids.Distinct().Order().ToArray();

    private static string Trim(string? text) => text?.Trim() ?? "";

    /// <summary>A browser sends a textarea's line breaks as CR LF; the code keeps them as they came through the API (LF).</summary>
    private static string Lines(string? text) => (text ?? "").ReplaceLineEndings("\n");

    private static string? Text(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string Flag(bool value) => value ? "true" : "false";

    private static string YesNo(string flag) => flag == "true" ? "yes" : "no";

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static long? Whole(string? text, string field, Dictionary<string, string[]> errors, long max = long.MaxValue)
    {
        if (Trim(text) is not { Length: > 0 } value)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number <= max && number >= -max)
        {
            return number;
        }

        errors[field] = [$"{field} is a whole number."];
        return null;
    }

    private static decimal? Decimal(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (Trim(text) is not { Length: > 0 } value)
        {
            return null;
        }

        if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors[field] = [$"{field} is a number such as 12.5."];
        return null;
    }

    private static DateTimeOffset? Time(string? text, string field, ConsoleFormat format, Dictionary<string, string[]> errors)
    {
        if (format.TryUtc(text, out var utc))
        {
            return utc;
        }

        errors[field] = [$"{field} is a date and time."];
        return null;
    }
}

/// <summary>
/// A field an edit may change: its API name, its label, its value as the form holds it (the comparison key),
/// how to copy it from one form to another, and how to show a value to the admin (templates by name).
/// </summary>
public sealed record EditableField(
    string Name,
    string Label,
    Func<CodeForm, string> Value,
    Action<CodeForm, CodeForm> Copy,
    Func<string, Func<Guid, string>, string> Show);
