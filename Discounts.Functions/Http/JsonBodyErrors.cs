using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Discounts.Functions.Http;

/// <summary>
/// Turns the serializer's refusal into the field and message api.md asks for. System.Text.Json says where it
/// stopped (<see cref="JsonException.Path"/>, e.g. <c>$.items[3].pricee</c>) but not why in a stable form, so the
/// path is walked through the request type's own contract: a name the contract lacks is an unknown property, a
/// name it has is a wrong type (or, in the strict options, a repeated property).
/// </summary>
internal static class JsonBodyErrors
{
    public static (string Field, string Message) Describe(string? path, JsonElement root, JsonTypeInfo rootInfo)
    {
        var info = rootInfo;
        JsonElement? element = root;
        var field = new StringBuilder();
        foreach (var segment in Segments(path))
        {
            if (segment.Index is { } index)
            {
                field.Append(CultureInfo.InvariantCulture, $"[{index}]");
                info = info.ElementType is { } elementType ? info.Options.GetTypeInfo(elementType) : info;
                element = element is { ValueKind: JsonValueKind.Array } array && index < array.GetArrayLength() ? array[index] : null;
                continue;
            }

            var name = segment.Name!;
            field.Append(field.Length == 0 ? "" : ".").Append(name);
            var comparison = info.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var property = info.Kind == JsonTypeInfoKind.Object ? info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, comparison)) : null;
            if (property is null)
            {
                return (field.ToString(), info.Kind == JsonTypeInfoKind.Object ? Unknown(name, info) : $"{field} is not expected here.");
            }

            if (!info.Options.AllowDuplicateProperties && CountNamed(element, name, comparison) > 1)
            {
                return (field.ToString(), $"{field} is given twice.");
            }

            info = info.Options.GetTypeInfo(property.PropertyType);
            element = element is { ValueKind: JsonValueKind.Object } parent && parent.TryGetProperty(name, out var child) ? child : null;
        }

        return field.Length == 0
            ? ("body", info.Kind == JsonTypeInfoKind.Enumerable ? "The body must be a JSON array." : "The body must be a JSON object.")
            : (field.ToString(), $"{field} must be {Expected(info)}.");
    }

    /// <summary>Suggests the property meant when the name differs only in case, <c>_</c> or <c>-</c> (<c>max_uses</c>, <c>MaxUses</c>).</summary>
    private static string Unknown(string name, JsonTypeInfo parent)
    {
        var loose = Loose(name);
        var meant = parent.Properties.Select(p => p.Name).FirstOrDefault(known => Loose(known) == loose);
        return meant is null ? $"Unknown property '{name}'." : $"Unknown property '{name}'; did you mean '{meant}'?";
    }

    private static string Loose(string name) =>
        name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();

    private static int CountNamed(JsonElement? element, string name, StringComparison comparison) =>
        element is { ValueKind: JsonValueKind.Object } obj ? obj.EnumerateObject().Count(p => string.Equals(p.Name, name, comparison)) : 0;

    /// <summary>The JSON a .NET type is read from, in the words an admin knows.</summary>
    private static string Expected(JsonTypeInfo info)
    {
        if (info.Kind == JsonTypeInfoKind.Enumerable)
        {
            return "an array";
        }

        if (info.Kind is JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary)
        {
            return "an object";
        }

        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (type == typeof(Guid))
        {
            return "a UUID";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "an ISO 8601 date-time";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "a boolean",
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "an integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            _ => "a value of the documented type",
        };
    }

    /// <summary>The segments of a serializer path: <c>$.name</c>, <c>$['odd name']</c> and <c>[index]</c>.</summary>
    private static IEnumerable<(string? Name, int? Index)> Segments(string? path)
    {
        var text = path ?? "$";
        var i = text.StartsWith('$') ? 1 : 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var end = text.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? text.Length : end;
                yield return (text[(i + 1)..end], null);
                i = end;
            }
            else if (i + 1 < text.Length && text[i] == '[' && text[i + 1] == '\'')
            {
                var end = text.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end;
                yield return (text[(i + 2)..end].Replace("\\'", "'", StringComparison.Ordinal), null);
                i = Math.Min(end + 2, text.Length);
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                end = end < 0 ? text.Length : end;
                yield return int.TryParse(text.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? (null, index) : (text[(i + 1)..end], null);
                i = Math.Min(end + 1, text.Length);
            }
            else
            {
                yield break;
            }
        }
    }
}
