using System.ComponentModel;
using System.Text.Json;

namespace Discounts.Core.Codes;

/// <summary>
/// An admin's edit of a code (PATCH, merge semantics: an absent field is kept, <c>null</c> clears a nullable one),
/// bound from JSON like every other admin body, so unknown properties and wrong types are refused before it exists.
/// The serializer calls a setter only for a property the body has, which is how an absent field differs from a
/// null one. The code itself, its kind and its amount are not editable: holds froze them, and a different discount
/// is a different code; they are properties all the same so that sending one says so rather than "unknown".
/// <see cref="Validate"/> returns every problem by field.
/// </summary>
public sealed class CodeChanges
{
    private const string Frozen = "Not editable: archive the code and create a new one.";

    private readonly SortedSet<string> frozen = new(StringComparer.Ordinal);
    private Patch<string?> description;
    private Patch<string?> status;
    private Patch<DateTime?> startsAt;
    private Patch<DateTime?> expiresAt;
    private Patch<int?> maxUses;
    private Patch<int> maxUsesPerUser;
    private Patch<long?> minOrderAmount;
    private Patch<Guid[]> templateIds;
    private Patch<string?> campaign;
    private Patch<bool> refundReleasesSlot;
    private Patch<bool> firstPurchaseOnly;

    public string? Description { get => description.Value; init => description = Patch<string?>.Of(value); }
    public string? Status { get => status.Value; init => status = Patch<string?>.Of(value); }
    public DateTimeOffset? StartsAt { get => Offset(startsAt.Value); init => startsAt = Patch<DateTime?>.Of(value?.UtcDateTime); }
    public DateTimeOffset? ExpiresAt { get => Offset(expiresAt.Value); init => expiresAt = Patch<DateTime?>.Of(value?.UtcDateTime); }
    public int? MaxUses { get => maxUses.Value; init => maxUses = Patch<int?>.Of(value); }
    public int MaxUsesPerUser { get => maxUsesPerUser.Value; init => maxUsesPerUser = Patch<int>.Of(value); }
    public long? MinOrderAmount { get => minOrderAmount.Value; init => minOrderAmount = Patch<long?>.Of(value); }

    /// <summary>The templates the code is limited to; <c>null</c> or <c>[]</c> is every template. Null when not given.</summary>
    public Guid[]? TemplateIds { get => templateIds.Value; init => templateIds = Patch<Guid[]>.Of(value?.Distinct().ToArray() ?? []); }
    public string? Campaign { get => campaign.Value; init => campaign = Patch<string?>.Of(value); }
    public bool RefundReleasesSlot { get => refundReleasesSlot.Value; init => refundReleasesSlot = Patch<bool>.Of(value); }
    public bool FirstPurchaseOnly { get => firstPurchaseOnly.Value; init => firstPurchaseOnly = Patch<bool>.Of(value); }

    [Description(Frozen)]
    public JsonElement? Code { get => null; init => frozen.Add("code"); }

    [Description(Frozen)]
    public JsonElement? Kind { get => null; init => frozen.Add("kind"); }

    [Description(Frozen)]
    public JsonElement? PercentOff { get => null; init => frozen.Add("percentOff"); }

    [Description(Frozen)]
    public JsonElement? AmountOff { get => null; init => frozen.Add("amountOff"); }

    [Description(Frozen)]
    public JsonElement? Currency { get => null; init => frozen.Add("currency"); }

    private bool ChangesNothing => frozen.Count == 0 && !(description.IsSet || status.IsSet || startsAt.IsSet || expiresAt.IsSet ||
        maxUses.IsSet || maxUsesPerUser.IsSet || minOrderAmount.IsSet || templateIds.IsSet || campaign.IsSet ||
        refundReleasesSlot.IsSet || firstPurchaseOnly.IsSet);

    /// <summary>The code with these changes applied (version and times are the caller's business).</summary>
    public DiscountCode ApplyTo(DiscountCode code) => code with
    {
        Description = description.IsSet ? description.Value! : code.Description,
        Status = status.IsSet ? status.Value! : code.Status,
        StartsAt = startsAt.Or(code.StartsAt),
        ExpiresAt = expiresAt.Or(code.ExpiresAt),
        MaxUses = maxUses.Or(code.MaxUses),
        MaxUsesPerUser = maxUsesPerUser.Or(code.MaxUsesPerUser),
        MinOrderAmount = minOrderAmount.Or(code.MinOrderAmount),
        TemplateIds = templateIds.Or(code.TemplateIds),
        Campaign = campaign.Or(code.Campaign),
        RefundReleasesSlot = refundReleasesSlot.Or(code.RefundReleasesSlot),
        FirstPurchaseOnly = firstPurchaseOnly.Or(code.FirstPurchaseOnly),
    };

    /// <summary>The rules the JSON types cannot say: lengths, ranges, the statuses an edit may set, frozen fields.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var name in frozen)
        {
            errors[name] = [$"{name} cannot be changed; archive this code and create a new one."];
        }

        Check(errors, "description", description.IsSet && description.Value is not { Length: <= NewDiscountCode.MaxDescriptionLength }, $"description is a string of at most {NewDiscountCode.MaxDescriptionLength} characters.");
        Check(errors, "status", status.IsSet && status.Value is not (CodeStatus.Active or CodeStatus.Paused), "status is \"active\" or \"paused\" (archive with DELETE).");
        Check(errors, "maxUses", maxUses.IsSet && maxUses.Value is not (null or (>= 1 and <= NewDiscountCode.MaxSlots)), $"maxUses is null (unlimited) or 1..{NewDiscountCode.MaxSlots}.");
        Check(errors, "maxUsesPerUser", maxUsesPerUser.IsSet && maxUsesPerUser.Value < 1, "maxUsesPerUser is at least 1.");
        Check(errors, "minOrderAmount", minOrderAmount.IsSet && minOrderAmount.Value < 0, "minOrderAmount is null or an amount in minor units, not negative.");
        Check(errors, "templateIds", templateIds.IsSet && templateIds.Value.Length > NewDiscountCode.MaxTemplateIds, $"templateIds is an array of at most {NewDiscountCode.MaxTemplateIds} template ids ([] = all).");
        Check(errors, "campaign", campaign.IsSet && campaign.Value is { Length: > NewDiscountCode.MaxCampaignLength }, $"campaign is null or a string of at most {NewDiscountCode.MaxCampaignLength} characters.");
        Check(errors, "body", errors.Count == 0 && ChangesNothing, "Nothing to change: send at least one editable field.");
        return errors;
    }

    private static void Check(Dictionary<string, string[]> errors, string field, bool failed, string message)
    {
        if (failed)
        {
            errors[field] = [message];
        }
    }

    private static DateTimeOffset? Offset(DateTime? utc) => utc is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
}
