using Discounts.Core.Common;

namespace Discounts.Core.Codes;

/// <summary>
/// What an admin asks for when creating a code (api.md "Create body"), already bound; <see cref="Validate"/>
/// returns every problem by field. Dates with an offset are converted to UTC (EC-043). A currency comes in any case
/// (admins type codes and currencies upper case) and is kept lower case, as prices are.
/// </summary>
public sealed record NewDiscountCode
{
    public string? Code { get; init; }
    public string? Description { get; init; }
    public string? Kind { get; init; }
    public decimal? PercentOff { get; init; }
    public long? AmountOff { get; init; }
    public string? Currency { get; init => field = IsAsciiLetters(value) ? value!.ToLowerInvariant() : value; }
    public int? MaxUses { get; init; }
    public int? MaxUsesPerUser { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public long? MinOrderAmount { get; init; }
    public Guid[]? TemplateIds { get; init; }
    public bool FirstPurchaseOnly { get; init; }
    public string? Campaign { get; init; }
    public bool RefundReleasesSlot { get; init; }

    public const int MaxSlots = 1_000_000;

    /// <summary>The limits of the terms, for a new code and for an edit (<see cref="CodeChanges"/>) alike.</summary>
    public const int MaxDescriptionLength = 500;

    public const int MaxCampaignLength = 100;

    public const int MaxTemplateIds = 1000;

    public Dictionary<string, string[]> Validate(out string normalizedCode)
    {
        var errors = new Dictionary<string, string[]>();
        if (!CodeNormalizer.TryNormalize(Code, out normalizedCode))
        {
            errors["code"] = [$"A code is {CodeNormalizer.Rule}."];
        }

        switch (Kind)
        {
            case DiscountKind.Percent:
                if (PercentOff is not { } p || p <= 0 || p > 100 || decimal.Round(p * 100) != p * 100)
                {
                    errors["percentOff"] = ["percentOff is a number above 0 and at most 100, with at most two decimals."];
                }

                if (AmountOff is not null || Currency is not null)
                {
                    errors["kind"] = ["A percent code has no amountOff or currency."];
                }

                break;
            case DiscountKind.Fixed:
                if (AmountOff is not > 0)
                {
                    errors["amountOff"] = ["amountOff is a positive amount in minor units."];
                }

                if (Currency is null || Currency.Length != 3 || !Currency.All(char.IsAsciiLetterLower))
                {
                    errors["currency"] = ["currency is an ISO 4217 code such as \"usd\" (any case)."];
                }

                if (PercentOff is not null)
                {
                    errors["kind"] = ["A fixed code has no percentOff."];
                }

                break;
            default:
                errors["kind"] = ["kind is \"percent\" or \"fixed\"."];
                break;
        }

        if (MaxUses is { } max && (max < 1 || max > MaxSlots))
        {
            errors["maxUses"] = [$"maxUses is null (unlimited) or 1..{MaxSlots}."];
        }

        if (MaxUsesPerUser is < 1)
        {
            errors["maxUsesPerUser"] = ["maxUsesPerUser is at least 1."];
        }

        if (MinOrderAmount is < 0)
        {
            errors["minOrderAmount"] = ["minOrderAmount is not negative."];
        }

        if (StartsAt is { } s && ExpiresAt is { } e && s >= e)
        {
            errors["expiresAt"] = ["expiresAt is after startsAt."];
        }

        if (Description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"description is at most {MaxDescriptionLength} characters."];
        }

        if (Campaign is { Length: > MaxCampaignLength })
        {
            errors["campaign"] = [$"campaign is at most {MaxCampaignLength} characters."];
        }

        if (TemplateIds is { Length: > MaxTemplateIds })
        {
            errors["templateIds"] = [$"At most {MaxTemplateIds} templates."];
        }

        return errors;
    }

    /// <summary>
    /// The code these terms make, written as <paramref name="normalizedCode"/>, new and active: the one mapping of the
    /// create body to a row, for a single code and for each code of a generation.
    /// </summary>
    public DiscountCode ToCode(string normalizedCode, string actor, DateTime now) => new()
    {
        Id = Ids.New(),
        Code = normalizedCode,
        Description = Description ?? "",
        Kind = Kind!,
        PercentBps = PercentOff is { } p ? (int)(p * 100) : null,
        AmountOff = AmountOff,
        Currency = Currency,
        MaxUses = MaxUses,
        MaxUsesPerUser = MaxUsesPerUser ?? 1,
        MinOrderAmount = MinOrderAmount,
        TemplateIds = TemplateIds?.Distinct().ToArray() ?? [],
        FirstPurchaseOnly = FirstPurchaseOnly,
        StartsAt = StartsAt?.UtcDateTime,
        ExpiresAt = ExpiresAt?.UtcDateTime,
        Status = CodeStatus.Active,
        Campaign = Campaign,
        RefundReleasesSlot = RefundReleasesSlot,
        Version = 1,
        CreatedBy = actor,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Only ASCII letters are lowered: a look-alike such as 'İ' must stay and fail validation, not become 'i'.</summary>
    private static bool IsAsciiLetters(string? value) => value is not null && value.All(char.IsAsciiLetter);
}
