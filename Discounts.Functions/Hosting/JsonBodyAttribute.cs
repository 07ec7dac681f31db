using Microsoft.AspNetCore.Http.Metadata;

namespace Discounts.Functions.Hosting;

/// <summary>
/// The JSON body a function reads (it binds the body itself, with <see cref="Http.JsonBody"/>); endpoint metadata,
/// so the OpenAPI document shows the request schema.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class JsonBodyAttribute(Type requestType) : Attribute, IAcceptsMetadata
{
    public Type RequestType { get; } = requestType;

    /// <summary>The largest body the function accepts (an import of 10,000 templates needs more than the default).</summary>
    public long MaxBytes { get; init; } = Http.JsonBody.MaxBytes;

    public IReadOnlyList<string> ContentTypes { get; } = ["application/json"];

    Type? IAcceptsMetadata.RequestType => RequestType;

    public bool IsOptional => false;
}
