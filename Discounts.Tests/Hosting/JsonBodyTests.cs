using System.Text;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Discounts.Tests.Hosting;

/// <summary>
/// The body reader picks strict or lenient from the endpoint's catalog access, and names the property path of
/// an unknown property or a wrong type, in nested objects and arrays of objects too.
/// </summary>
public sealed class JsonBodyTests
{
    public sealed record Item(string? Slug, long Price);

    public sealed record Import(IReadOnlyList<Item>? Items);

    private static async Task<(Import? Value, IDictionary<string, string[]>? Errors)> ReadAsync(string json, Access access)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(new HttpTrigger(["POST"], "manage/templates/import", access)), "test"));

        var (value, problem) = await JsonBody.ReadAsync<Import>(context);

        return (value, (problem?.ProblemDetails as HttpValidationProblemDetails)?.Errors);
    }

    [Fact]
    public async Task ReadAsync_AdminUnknownPropertyInArrayItem_ErrorNamesItsPath()
    {
        var (_, errors) = await ReadAsync("""{"items":[{"slug":"a","price":1},{"slug":"b","price":2},{"slug":"c","price":3},{"slug":"d","pricee":4}]}""", Access.Admin);

        Assert.Equal(["Unknown property 'pricee'."], errors!["items[3].pricee"]);
    }

    [Fact]
    public async Task ReadAsync_AdminWrongTypeInArrayItem_ErrorNamesPathAndType()
    {
        var (_, errors) = await ReadAsync("""{"items":[{"slug":"a","price":"4900"}]}""", Access.Admin);

        Assert.Equal(["items[0].price must be an integer."], errors!["items[0].price"]);
    }

    [Fact]
    public async Task ReadAsync_AdminCaseVariant_RefusedWithSuggestion()
    {
        var (_, errors) = await ReadAsync("""{"Items":[]}""", Access.Admin);

        Assert.Equal(["Unknown property 'Items'; did you mean 'items'?"], errors!["Items"]);
    }

    [Fact]
    public async Task ReadAsync_AdminNotAnObject_ErrorNamesBody()
    {
        var (_, errors) = await ReadAsync("[1]", Access.Admin);

        Assert.Equal(["The body must be a JSON object."], errors!["body"]);
    }

    [Fact]
    public async Task ReadAsync_AdminBrokenJson_NotValidJson()
    {
        var (_, errors) = await ReadAsync("""{"items":[""", Access.Admin);

        Assert.Equal(["The body is not valid JSON."], errors!["body"]);
    }

    [Theory]
    [InlineData(Access.User)]
    [InlineData(Access.Anonymous)]
    public async Task ReadAsync_StorefrontUnknownPropertyOrCaseVariant_Accepted(Access access)
    {
        var (value, errors) = await ReadAsync("""{"Items":[{"slug":"a","price":1,"colour":"red"}],"extra":1}""", access);

        Assert.Null(errors);
        Assert.Equal(1, Assert.Single(value!.Items!).Price);
    }
}
