using System.Reflection;
using System.Text.Json.Nodes;
using Discounts.Core.Common;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Discounts.Functions.Reservations;

namespace Discounts.Functions.Hosting;

/// <summary>
/// The OpenAPI document (<c>/api/openapi.json</c>): the generator knows the bodies and typed results; everything a
/// function reads from HttpContext itself comes from its attributes (<see cref="QueryParameterAttribute"/> and
/// the others), and what its catalog entry implies (route parameters, 401/403, 429) from the catalog.
/// </summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "bearer";
    public const string FunctionKeyScheme = "functionKey";
    public const string FunctionKeyHeader = "x-functions-key";
    public const string ProblemSchema = "ProblemDetails";
    public const string ProblemContentType = "application/problem+json";

    /// <summary>A W3C trace id as the problems carry it, for the examples.</summary>
    private const string ExampleTraceId = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    public static void AddDiscountsOpenApi(this IServiceCollection services, string documentName) =>
        services.AddOpenApi(documentName, o =>
        {
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<HttpTrigger>().FirstOrDefault() is { } trigger &&
                    FunctionCatalog.HttpFunctions.FirstOrDefault(f => ReferenceEquals(f.Http, trigger)) is { } function)
                {
                    Describe(operation, function, context.Document);
                }

                return Task.CompletedTask;
            });
            o.AddDocumentTransformer((document, _, _) =>
            {
                DescribeDocument(document);
                return Task.CompletedTask;
            });
        });

    private static void DescribeDocument(OpenApiDocument document)
    {
        document.Info.Title = "Discounts";
        document.Info.Description = """
            The discount-code service of the template marketplace (api.md). Errors are RFC 9457 problem details
            (`application/problem+json`) with a stable `code` and the `traceId`; each operation lists the codes it can
            answer. Storefront calls take a bearer token (`scripts/token.sh` or the `token` command prints one
            locally); admin functions need role `admin`, and in Azure also the function key.
            """;
        // Relative to wherever the document is read: behind the Functions host the request arrives at the
        // handler's loopback port, which is no address for a caller.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This service" }];
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = ProblemDetailsSchema();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "`Authorization: Bearer <JWT>` (claims `sub`, `email`, optional `role: admin`). Locally: " +
                "`scripts/token.sh --user u1 --admin`, or `dotnet run --project Discounts.Functions -- token --user u1 --admin`.",
        };
        document.Components.SecuritySchemes[FunctionKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = FunctionKeyHeader,
            Description = "Admin functions in Azure only (`authLevel: function`): the Azure Functions function key, besides the " +
                "bearer token. Not needed locally (`scripts/run-local.sh` or standalone Kestrel).",
        };
    }

    /// <summary>RFC 9457 with this API's <c>code</c>, <c>traceId</c> and, for 400, <c>errors</c>.</summary>
    private static OpenApiSchema ProblemDetailsSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details with a stable machine-readable `code` (api.md).",
        Required = new HashSet<string> { "status", "title", "code", "traceId" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable; the operation's answers list the values it can carry." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request, for the logs." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "400 `invalid_request` only: messages by field (a body property, a query parameter or a header).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };

    private static void Describe(OpenApiOperation operation, FunctionDefinition function, OpenApiDocument? document)
    {
        var trigger = function.Http!;
        var handler = function.Handler;
        operation.Summary ??= Words(function.Name);
        operation.Parameters ??= [];
        foreach (var parameter in RouteParameters(trigger.Route))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter,
                In = ParameterLocation.Path,
                Required = true,
                Description = handler.GetCustomAttributes<RouteParameterAttribute>().FirstOrDefault(a => a.Name == parameter)?.Description ?? $"The {parameter} (a UUID).",
                Schema = Schema(typeof(Guid)),
            });
        }

        foreach (var input in handler.GetCustomAttributes<InputParameterAttribute>())
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = input.Name,
                In = input.Location,
                Required = input.Required,
                Description = input.Description,
                Schema = Schema(input.Type, input.Values),
                Example = input.Example is null ? null : JsonValue.Create(input.Example),
            });
        }

        if (operation.Parameters.Count == 0)
        {
            operation.Parameters = null;
        }

        if (handler.GetCustomAttribute<RawBodyAttribute>() is { } raw)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = raw.Description,
                Content = new Dictionary<string, OpenApiMediaType> { [raw.ContentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
            };
        }

        AddExamples(operation, handler);
        operation.Responses ??= [];
        foreach (var (status, (codes, notes)) in ProblemAnswers(function))
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ProblemResponse(status, codes, notes, document);
        }

        operation.Security = trigger.Access switch
        {
            Access.User => [Requirement(document, BearerScheme)],
            // Either is enough where it applies: the key is Azure's alone (the host checks it before the app sees the call).
            Access.Admin => [Requirement(document, BearerScheme, FunctionKeyScheme), Requirement(document, BearerScheme)],
            _ => null,
        };
        if (trigger.Access == Access.Admin)
        {
            operation.Description = (operation.Description is null ? "" : operation.Description + "\n\n") +
                $"Role `admin`. In Azure also the function key (`{FunctionKeyHeader}`); locally the bearer token alone.";
        }
    }

    /// <summary>
    /// Every problem answer of a function and the codes at each status: those it declares, and those its catalog entry
    /// implies (a body or parameters: 400; a JSON body: 413 and 415; route parameters: 404; Access: 401 and 403; a
    /// rate limit: 429).
    /// </summary>
    public static SortedDictionary<int, (SortedSet<string> Codes, List<string> Notes)> ProblemAnswers(FunctionDefinition function)
    {
        var trigger = function.Http!;
        var handler = function.Handler;
        var answers = new SortedDictionary<int, (SortedSet<string> Codes, List<string> Notes)>();
        void Add(int status, string code, string? note = null)
        {
            if (!answers.TryGetValue(status, out var answer))
            {
                answers[status] = answer = (new SortedSet<string>(StringComparer.Ordinal), []);
            }

            answer.Codes.Add(code);
            if (note is not null)
            {
                answer.Notes.Add(note);
            }
        }

        var jsonBody = handler.GetCustomAttribute<JsonBodyAttribute>();
        if (jsonBody is not null || handler.GetCustomAttribute<RawBodyAttribute>() is not null ||
            handler.GetCustomAttributes<QueryParameterAttribute>().Any() || handler.GetCustomAttributes<HeaderParameterAttribute>().Any())
        {
            Add(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "`errors` names each field (body property, query parameter or header) and why.");
        }

        if (jsonBody is not null)
        {
            Add(StatusCodes.Status413PayloadTooLarge, Problems.PayloadTooLarge, $"The body is larger than {jsonBody.MaxBytes} bytes.");
            Add(StatusCodes.Status415UnsupportedMediaType, Problems.UnsupportedMediaType, "The body is not `application/json`.");
        }

        if (RouteParameters(trigger.Route).Any())
        {
            Add(StatusCodes.Status404NotFound, Errors.NotFound, "Not found, or not the caller's (never revealed).");
        }

        if (trigger.Access != Access.Anonymous)
        {
            Add(StatusCodes.Status401Unauthorized, Problems.Unauthenticated, "The bearer token is missing or refused: the problem's `reason` (`missing_token`, `token_expired`, `invalid_audience`, ...) and `detail` say why, and `WWW-Authenticate` follows RFC 6750.");
        }

        if (trigger.Access == Access.Admin)
        {
            Add(StatusCodes.Status403Forbidden, Problems.Forbidden, "The token has no role `admin`.");
        }

        if (trigger.RateLimit is not null)
        {
            Add(StatusCodes.Status429TooManyRequests, Problems.RateLimited, "Past the rate limit; `Retry-After` says when to try again.");
        }

        foreach (var answer in handler.GetCustomAttributes<ProblemAnswerAttribute>())
        {
            foreach (var code in answer.Codes)
            {
                Add(answer.Status, code);
            }

            if (answer.Description is not null)
            {
                answers[answer.Status].Notes.Add(answer.Description);
            }
        }

        return answers;
    }

    private static OpenApiResponse ProblemResponse(int status, SortedSet<string> codes, List<string> notes, OpenApiDocument? document)
    {
        // Markdown: the reference shows the codes as a list.
        var lines = new List<string> { string.Join(" ", [ReasonPhrases.GetReasonPhrase(status) + ".", .. notes]), "", "`code`:" };
        lines.AddRange(codes.Select(c => $"- `{c}`" + (Title(status, c) is { } t ? $": {t}" : "")));
        var examples = codes.ToDictionary(c => c, c => (IOpenApiExample)new OpenApiExample { Summary = c, Value = ProblemExample(status, c) });
        return new OpenApiResponse
        {
            Description = string.Join("\n", lines),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemContentType] = new()
                {
                    // The shared schema, narrowed to this answer's codes.
                    Schema = new OpenApiSchema
                    {
                        AllOf =
                        [
                            new OpenApiSchemaReference(ProblemSchema, document),
                            new OpenApiSchema
                            {
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = codes.Select(c => (JsonNode)JsonValue.Create(c)).ToList() },
                                },
                            },
                        ],
                    },
                    Examples = examples,
                },
            },
            Headers = status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable
                ? new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before trying again.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
                }
                : null,
        };
    }

    /// <summary>The title the service sends with <paramref name="code"/>, where <see cref="Problems.FromError"/> maps it to this status.</summary>
    private static string? Title(int status, string code)
    {
        switch (code)
        {
            case Problems.Unauthenticated: return Auth.BearerAnswers.UnauthenticatedTitle;
            case Problems.Forbidden when status == StatusCodes.Status403Forbidden: return Auth.BearerAnswers.ForbiddenTitle;
        }

        var built = Problems.FromError(new DefaultHttpContext(), code).ProblemDetails;
        return built.Status == status ? built.Title : null;
    }

    /// <summary>The body the service sends for <paramref name="code"/> (the title as <see cref="Problems"/> gives it where it can).</summary>
    private static JsonObject ProblemExample(int status, string code)
    {
        var title = Title(status, code) ?? ReasonPhrases.GetReasonPhrase(status) + ".";
        var example = new JsonObject
        {
            ["type"] = $"https://discounts.local/problems/{code}",
            ["title"] = title,
            ["status"] = status,
            ["code"] = code,
            ["traceId"] = ExampleTraceId,
        };
        if (code == Errors.InvalidRequest)
        {
            example["errors"] = new JsonObject { ["body"] = new JsonArray("The body is not valid JSON.") };
        }

        return example;
    }

    private static void AddExamples(OpenApiOperation operation, Type handler)
    {
        var requests = handler.GetCustomAttributes<RequestExampleAttribute>().ToList();
        if (requests.Count > 0 && operation.RequestBody?.Content?.Values.FirstOrDefault() is OpenApiMediaType body)
        {
            body.Examples = requests.ToDictionary(r => r.Name ?? "example", r => (IOpenApiExample)new OpenApiExample { Value = JsonNode.Parse(r.Json) });
        }

        foreach (var group in handler.GetCustomAttributes<AnswerExampleAttribute>().GroupBy(a => a.Status))
        {
            if (operation.Responses?.TryGetValue(group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true &&
                response.Content?.Values.FirstOrDefault() is OpenApiMediaType media)
            {
                media.Examples = group.ToDictionary(a => a.Name ?? "example", a => (IOpenApiExample)new OpenApiExample { Value = JsonNode.Parse(a.Json) });
            }
        }
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument? document, params string[] schemes)
    {
        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in schemes)
        {
            requirement[new OpenApiSecuritySchemeReference(scheme, document)] = [];
        }

        return requirement;
    }

    /// <summary>The parameters of a catalog route template (every one is a UUID in this API).</summary>
    public static IEnumerable<string> RouteParameters(string route) =>
        RoutePatternFactory.Parse(route).Parameters.Where(p => !p.IsCatchAll).Select(p => p.Name);

    private static OpenApiSchema Schema(Type type, string[]? values = null)
    {
        var schema = type == typeof(int) ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }
            : type == typeof(bool) ? new OpenApiSchema { Type = JsonSchemaType.Boolean }
            : type == typeof(Guid) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" }
            : type == typeof(DateTimeOffset) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }
            : type == typeof(string) ? new OpenApiSchema { Type = JsonSchemaType.String }
            : throw new ArgumentException($"No OpenAPI schema for a {type.Name} parameter.", nameof(type));
        if (values is { Length: > 0 })
        {
            schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        }

        return schema;
    }

    /// <summary><c>ApplyDiscount</c> -> "Apply discount": the sidebar's title.</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
