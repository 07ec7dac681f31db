using System.Globalization;
using CsvHelper;
using Discounts.Core.Codes;
using Discounts.Core.Reservations;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Export;

namespace Discounts.Functions.Export;

/// <summary>The columns of the CSV exports and how one is written (formula-looking text escaped, EC-045 amounts).</summary>
public static class CsvExport
{
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>What can be exported (<c>type</c>).</summary>
    public static readonly string[] Types = ["codes", "usages", "purchases"];

    /// <summary>Reads <c>type</c> (required) and <c>format</c> (csv, the default) of ExportData's query; errors keyed by parameter.</summary>
    public static string? ReadType(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        string? type = query["type"];
        if (type is null || !Types.Contains(type))
        {
            errors["type"] = ["type is codes, usages or purchases."];
        }

        if (query["format"].ToString() is { Length: > 0 } format && format != "csv")
        {
            errors["format"] = ["format is csv."];
        }

        return errors.ContainsKey("type") ? null : type;
    }

    /// <summary>Reads <c>generationId</c> (optional, with <c>type=codes</c> only): the codes of one generation.</summary>
    public static Guid? ReadGeneration(IQueryCollection query, string? type, Dictionary<string, string[]> errors)
    {
        if (query["generationId"].ToString() is not { Length: > 0 } value)
        {
            return null;
        }

        if (!Guid.TryParse(value, out var id) || type is not (null or "codes"))
        {
            errors["generationId"] = ["generationId is the id of a code generation, with type=codes."];
            return null;
        }

        return id;
    }

    /// <summary>The download's file name: <c>codes-20260102T030405Z.csv</c>.</summary>
    public static string FileName(string type, DateTime utcNow) =>
        $"{type}-{utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.csv";

    /// <summary>The export of <paramref name="type"/> (one of <see cref="Types"/>) as a streamed CSV download, a row at a time.</summary>
    public static PushStreamHttpResult Download(string type, Guid? generationId, ExportService export, DateTime utcNow, CancellationToken ct) => type switch
    {
        "codes" when generationId is { } id => Stream(Codes, export.GeneratedCodesAsync(id, ct), FileName(type, utcNow), ct),
        "codes" => Stream(Codes, export.CodesAsync(ct), FileName(type, utcNow), ct),
        "usages" => Stream(Usages, export.UsagesAsync(ct), FileName(type, utcNow), ct),
        "purchases" => Stream(Purchases, export.PurchasesAsync(ct), FileName(type, utcNow), ct),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "type is codes, usages or purchases."),
    };

    public static readonly (string Name, Func<DiscountCode, string?> Value)[] Codes =
    [
        ("id", c => c.Id.ToString()), ("code", c => c.Code), ("description", c => c.Description), ("kind", c => c.Kind),
        ("percent_off", c => (c.PercentBps / 100m)?.ToString(CultureInfo.InvariantCulture)), ("amount_off", c => Number(c.AmountOff)),
        ("currency", c => c.Currency), ("max_uses", c => Number(c.MaxUses)), ("max_uses_per_user", c => Number(c.MaxUsesPerUser)),
        ("min_order_amount", c => Number(c.MinOrderAmount)), ("status", c => c.Status), ("campaign", c => c.Campaign),
        ("starts_at", c => Time(c.StartsAt)), ("expires_at", c => Time(c.ExpiresAt)), ("version", c => Number(c.Version)),
        ("created_by", c => c.CreatedBy), ("created_at", c => Time(c.CreatedAt)),
    ];

    public static readonly (string Name, Func<Usage, string?> Value)[] Usages =
    [
        ("id", u => u.Id.ToString()), ("code", u => u.Code), ("status", u => u.Status), ("user_id", u => u.UserId), ("email", u => u.Email),
        ("template_id", u => u.TemplateId.ToString()), ("currency", u => u.Currency), ("original_amount", u => Number(u.OriginalAmount)),
        ("discount_amount", u => Number(u.DiscountAmount)), ("final_amount", u => Number(u.FinalAmount)), ("risk_score", u => Number(u.RiskScore)),
        ("review_status", u => u.ReviewStatus), ("purchase_id", u => u.PurchaseId?.ToString()), ("reserved_at", u => Time(u.ReservedAt)),
        ("confirmed_at", u => Time(u.ConfirmedAt)), ("released_at", u => Time(u.ReleasedAt)), ("release_reason", u => u.ReleaseReason),
    ];

    public static readonly (string Name, Func<PurchaseExportRow, string?> Value)[] Purchases =
    [
        ("id", p => p.Id.ToString()), ("user_id", p => p.UserId), ("template_id", p => p.TemplateId.ToString()),
        ("usage_id", p => p.UsageId?.ToString()), ("code", p => p.Code), ("status", p => p.Status), ("currency", p => p.Currency),
        ("original_amount", p => Number(p.OriginalAmount)), ("discount_amount", p => Number(p.DiscountAmount)),
        ("final_amount", p => Number(p.FinalAmount)), ("stripe_session_id", p => p.StripeSessionId),
        ("stripe_payment_intent_id", p => p.StripePaymentIntentId), ("created_at", p => Time(p.CreatedAt)), ("paid_at", p => Time(p.PaidAt)),
    ];

    /// <summary>The rows as a streamed CSV download named <paramref name="fileName"/> (ExportData and the console's downloads).</summary>
    public static PushStreamHttpResult Stream<T>((string Name, Func<T, string?> Value)[] columns, IAsyncEnumerable<T> rows, string fileName, CancellationToken ct) =>
        TypedResults.Stream(async stream =>
        {
            await using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
            await WriteAsync(csv, columns, rows, ct);
            await csv.FlushAsync(ct);
        }, ContentType, fileName);

    private static async Task WriteAsync<T>(CsvWriter csv, (string Name, Func<T, string?> Value)[] columns, IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        await csv.WriteRecordAsync(columns.Select(c => c.Name).ToArray(), ct);
        var fields = new string?[columns.Length];
        await foreach (var row in rows.WithCancellation(ct))
        {
            for (var i = 0; i < columns.Length; i++)
            {
                fields[i] = columns[i].Value(row);
            }

            await csv.WriteRecordAsync(fields, ct);
        }
    }

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Time(DateTime? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
