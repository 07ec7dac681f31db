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

    /// <summary>Reads a (time, id) cursor; adds an error when it is not one this API wrote.</summary>
    public static (DateTime? At, Guid? Id) TimeCursor(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        if (query["cursor"].ToString() is not { Length: > 0 } cursor)
        {
            return (null, null);
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) &&
                ticks is > 0 and < 3155378975999999999 && Guid.TryParse(parts[1], out var id))
            {
                return (new DateTime(ticks, DateTimeKind.Utc), id);
            }
        }
        catch (FormatException)
        {
        }

        errors["cursor"] = ["cursor is not valid."];
        return (null, null);
    }

    public static string EncodeTimeCursor(DateTime at, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.Ticks.ToString(CultureInfo.InvariantCulture)}:{id}"));

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
