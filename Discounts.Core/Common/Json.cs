using System.Text.Json;

namespace Discounts.Core.Common;

/// <summary>The one JSON shape of stored documents (audit before/after, risk signals): camelCase.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, Options);
}
