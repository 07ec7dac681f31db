using System.Globalization;
using System.Text.Json;

namespace Discounts.Core.Codes;

/// <summary>
/// An admin's edit of a code (PATCH, merge semantics: an absent field is kept, <c>null</c> clears a nullable one).
/// The code itself, its kind and its amount are not editable: holds froze them, and a different discount is a
/// different code. <see cref="Parse"/> returns every problem by field.
/// </summary>
public sealed record CodeChanges
{
    private static readonly string[] NotEditable = ["code", "kind", "percentOff", "amountOff", "currency"];

    public Patch<string> Description { get; init; }
    public Patch<string> Status { get; init; }
    public Patch<DateTime?> StartsAt { get; init; }
    public Patch<DateTime?> ExpiresAt { get; init; }
    public Patch<int?> MaxUses { get; init; }
    public Patch<int> MaxUsesPerUser { get; init; }
    public Patch<long?> MinOrderAmount { get; init; }
    public Patch<Guid[]> TemplateIds { get; init; }
    public Patch<string?> Campaign { get; init; }
    public Patch<bool> RefundReleasesSlot { get; init; }
    public Patch<bool> FirstPurchaseOnly { get; init; }

    /// <summary>The code with these changes applied (version and times are the caller's business).</summary>
    public DiscountCode ApplyTo(DiscountCode code) => code with
    {
        Description = Description.Or(code.Description),
        Status = Status.Or(code.Status),
        StartsAt = StartsAt.Or(code.StartsAt),
        ExpiresAt = ExpiresAt.Or(code.ExpiresAt),
        MaxUses = MaxUses.Or(code.MaxUses),
        MaxUsesPerUser = MaxUsesPerUser.Or(code.MaxUsesPerUser),
        MinOrderAmount = MinOrderAmount.Or(code.MinOrderAmount),
        TemplateIds = TemplateIds.Or(code.TemplateIds),
        Campaign = Campaign.Or(code.Campaign),
        RefundReleasesSlot = RefundReleasesSlot.Or(code.RefundReleasesSlot),
        FirstPurchaseOnly = FirstPurchaseOnly.Or(code.FirstPurchaseOnly),
    };

    public static CodeChanges Parse(IReadOnlyDictionary<string, JsonElement> body, out Dictionary<string, string[]> errors)
    {
        var found = new Dictionary<string, string[]>();
        var fields = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in body)
        {
            if (!fields.TryAdd(name, value))
            {
                found[name] = ["A field is given twice."];
            }
        }

        foreach (var name in NotEditable.Where(fields.ContainsKey))
        {
            found[name] = [$"{name} cannot be changed; archive this code and create a new one."];
        }

        var changes = new CodeChanges
        {
            Description = Read(fields, found, "description", e => e.ValueKind == JsonValueKind.String && e.GetString()!.Length <= 500
                ? (true, e.GetString()!) : (false, ""), "description is a string of at most 500 characters."),
            Status = Read(fields, found, "status", e => e.ValueKind == JsonValueKind.String && e.GetString() is CodeStatus.Active or CodeStatus.Paused
                ? (true, e.GetString()!) : (false, ""), "status is \"active\" or \"paused\" (archive with DELETE)."),
            StartsAt = Read(fields, found, "startsAt", ReadTime, "startsAt is null or an ISO 8601 time (UTC unless it has an offset)."),
            ExpiresAt = Read(fields, found, "expiresAt", ReadTime, "expiresAt is null or an ISO 8601 time (UTC unless it has an offset)."),
            MaxUses = Read(fields, found, "maxUses", e => e.ValueKind == JsonValueKind.Null ? (true, (int?)null)
                : e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n is >= 1 and <= NewDiscountCode.MaxSlots ? (true, n) : (false, null),
                $"maxUses is null (unlimited) or 1..{NewDiscountCode.MaxSlots}."),
            MaxUsesPerUser = Read(fields, found, "maxUsesPerUser", e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= 1
                ? (true, n) : (false, 0), "maxUsesPerUser is at least 1."),
            MinOrderAmount = Read(fields, found, "minOrderAmount", e => e.ValueKind == JsonValueKind.Null ? (true, (long?)null)
                : e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) && n >= 0 ? (true, n) : (false, null),
                "minOrderAmount is null or an amount in minor units, not negative."),
            TemplateIds = Read(fields, found, "templateIds", ReadTemplateIds, "templateIds is an array of at most 1000 template ids ([] = all)."),
            Campaign = Read(fields, found, "campaign", e => e.ValueKind == JsonValueKind.Null ? (true, (string?)null)
                : e.ValueKind == JsonValueKind.String && e.GetString()!.Length <= 100 ? (true, e.GetString()) : (false, null),
                "campaign is null or a string of at most 100 characters."),
            RefundReleasesSlot = Read(fields, found, "refundReleasesSlot", ReadBool, "refundReleasesSlot is true or false."),
            FirstPurchaseOnly = Read(fields, found, "firstPurchaseOnly", ReadBool, "firstPurchaseOnly is true or false."),
        };

        if (found.Count == 0 && changes == new CodeChanges())
        {
            found["body"] = ["Nothing to change: send at least one editable field."];
        }

        errors = found;
        return changes;
    }

    private static Patch<T> Read<T>(Dictionary<string, JsonElement> fields, Dictionary<string, string[]> errors, string name, Func<JsonElement, (bool Ok, T Value)> read, string message)
    {
        if (!fields.TryGetValue(name, out var element))
        {
            return default;
        }

        var (ok, value) = read(element);
        if (!ok)
        {
            errors[name] = [message];
            return default;
        }

        return Patch<T>.Of(value);
    }

    private static (bool, DateTime?) ReadTime(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return (true, null);
        }

        return e.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) &&
            e.GetString()!.Contains('T', StringComparison.Ordinal)
            ? (true, at.UtcDateTime)
            : (false, null);
    }

    private static (bool, bool) ReadBool(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => (true, true),
        JsonValueKind.False => (true, false),
        _ => (false, false),
    };

    private static (bool, Guid[]) ReadTemplateIds(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return (true, []);
        }

        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() > 1000)
        {
            return (false, []);
        }

        var ids = new List<Guid>();
        foreach (var item in e.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out var id))
            {
                return (false, []);
            }

            ids.Add(id);
        }

        return (true, ids.Distinct().ToArray());
    }
}
