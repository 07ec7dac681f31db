using System.Globalization;
using System.Text;

namespace Discounts.Functions.Http;

/// <summary>Keyset paging of the admin lists: <c>limit</c> (1..200, default 50) and an opaque cursor.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Reads <c>limit</c>; adds an error when it is not 1..200.</summary>
    public static int Limit(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        var limit = DefaultLimit;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit is 1..{MaxLimit}."];
        }

        return limit;
    }

    /// <summary>Reads a (time, id) cursor (the code and template lists); adds an error when it is not one this API wrote.</summary>
    public static (DateTime? At, Guid? Id) TimeCursor(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        var parts = Decode(query, errors, 2);
        if (parts is null)
        {
            return (null, null);
        }

        if (long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is > 0 and < 3155378975999999999 &&
            Guid.TryParse(parts[1], out var id))
        {
            return (new DateTime(ticks, DateTimeKind.Utc), id);
        }

        errors["cursor"] = [InvalidCursor];
        return (null, null);
    }

    public static string EncodeTimeCursor(DateTime at, Guid id) => Encode(at.Ticks.ToString(CultureInfo.InvariantCulture), id.ToString());

    /// <summary>Reads an (id) cursor (the audit log, keyed by its sequence); adds an error when it is not one this API wrote.</summary>
    public static long? IdCursor(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        var parts = Decode(query, errors, 1);
        if (parts is null)
        {
            return null;
        }

        if (long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }

        errors["cursor"] = [InvalidCursor];
        return null;
    }

    public static string EncodeIdCursor(long id) => Encode(id.ToString(CultureInfo.InvariantCulture));

    private const string InvalidCursor = "cursor is not valid.";

    /// <summary>Every cursor is the same opaque shape: base64 of its key parts joined by ':'.</summary>
    private static string Encode(params string[] parts) => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join(':', parts)));

    /// <summary>The parts of the <c>cursor</c> parameter; null when there is none, or (with an error) when it has not <paramref name="count"/> parts.</summary>
    private static string[]? Decode(IQueryCollection query, Dictionary<string, string[]> errors, int count)
    {
        if (query["cursor"].ToString() is not { Length: > 0 } cursor)
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split(':');
            if (parts.Length == count)
            {
                return parts;
            }
        }
        catch (FormatException)
        {
        }

        errors["cursor"] = [InvalidCursor];
        return null;
    }

    /// <summary>Reads an optional UTC time parameter (ISO 8601); adds an error when it is not one.</summary>
    public static DateTime? Time(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (query[name].ToString() is not { Length: > 0 } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.UtcDateTime;
        }

        errors[name] = [$"{name} is an ISO 8601 time."];
        return null;
    }
}
