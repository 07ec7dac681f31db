using System.Text.Json;
using System.Text.Json.Serialization;

namespace Discounts.Core.Common;

/// <summary>
/// The service's JSON: one shape (camelCase, <see cref="JsonSerializerDefaults.Web"/>) for stored documents (audit
/// before/after, risk signals), storefront bodies and every answer, and its strict reading for admin bodies.
/// </summary>
public static class Json
{
    /// <summary>Stored documents, storefront bodies and answers: unknown properties ignored, names in any case.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Admin bodies (api.md "Catalog"): a typo such as <c>max_uses</c> must be refused rather than silently make an
    /// unlimited code, so names match exactly, unknown and repeated properties are errors and a number is a number.
    /// </summary>
    public static readonly JsonSerializerOptions Strict = new(Options)
    {
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
    };

    public static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, Options);
}
