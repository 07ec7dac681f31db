using Microsoft.OpenApi;

namespace Discounts.Functions.Hosting;

// What a function reads from HttpContext by itself, declared beside it: the generator cannot see those reads, so
// OpenApiSetup turns these attributes into the operation's parameters, answers and examples. Route parameters, the
// 401/403 of its Access and the 429 of its rate limit come from the catalog instead (one place each).

/// <summary>An input the function reads from the request by itself: a query parameter or a header.</summary>
public abstract class InputParameterAttribute(string name, Type type, ParameterLocation location) : Attribute
{
    public string Name { get; } = name;

    /// <summary>string, int, bool, Guid or DateTimeOffset: the schema's type and format.</summary>
    public Type Type { get; } = type;

    public ParameterLocation Location { get; } = location;

    public string? Description { get; init; }

    public bool Required { get; init; }

    /// <summary>The values allowed, when there are few.</summary>
    public string[]? Values { get; init; }

    public string? Example { get; init; }
}

/// <summary>A query parameter the function reads (<c>context.Request.Query["name"]</c>, or through a filter helper).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, Type type) : InputParameterAttribute(name, type, ParameterLocation.Query);

/// <summary>A request header the function reads (<c>If-Match</c>, <c>Idempotency-Key</c>, <c>Stripe-Signature</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class HeaderParameterAttribute(string name, Type type) : InputParameterAttribute(name, type, ParameterLocation.Header);

/// <summary>The description of a route parameter (its name and type come from the catalog's route: a UUID).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class RouteParameterAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;
}

/// <summary>
/// A problem-details answer the function itself gives (beyond those the catalog implies), with every <c>code</c> it
/// can carry at that status: use the constants of <see cref="Core.Common.Errors"/>, <see cref="Core.Codes.RuleCodes"/>
/// and <see cref="Http.Problems"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ProblemAnswerAttribute(int status, params string[] codes) : Attribute
{
    public int Status { get; } = status;

    public IReadOnlyList<string> Codes { get; } = codes;

    /// <summary>When it happens, if the codes do not say it.</summary>
    public string? Description { get; init; }
}

/// <summary>A body the function reads raw (not through <see cref="Http.JsonBody"/>): the Stripe webhook's event.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RawBodyAttribute(string contentType, string description) : Attribute
{
    public string ContentType { get; } = contentType;

    public string Description { get; } = description;
}

/// <summary>An example request body (api.md); several get names.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class RequestExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;

    public string? Name { get; init; }
}

/// <summary>An example answer body at a status (api.md); several at one status get names.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class AnswerExampleAttribute(int status, string json) : Attribute
{
    public int Status { get; } = status;

    public string Json { get; } = json;

    public string? Name { get; init; }
}
