using System.Text.Json;
using Discounts.Core.Common;
using Discounts.Core.Codes;
using Discounts.Functions.Http;

namespace Discounts.Tests.Codes;

/// <summary>
/// An admin's PATCH body, bound as the strict admin reader binds it: merge semantics, frozen fields, one error per bad
/// field. Unknown properties and wrong JSON types never get this far (StrictAdminBodyTests).
/// </summary>
public sealed class CodeChangesTests
{
    private static CodeChanges Parse(string json, out Dictionary<string, string[]> errors)
    {
        var changes = JsonSerializer.Deserialize<CodeChanges>(json, Json.Strict)!;
        errors = changes.Validate();
        return changes;
    }

    private static readonly DiscountCode Code = new()
    {
        Code = "SPRING25", Description = "old", MaxUses = 10, MinOrderAmount = 500, Campaign = "spring",
        ExpiresAt = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), TemplateIds = [Guid.NewGuid()],
    };

    [Fact]
    public void Parse_AbsentKeptNullCleared_OnlyGivenFieldsChange()
    {
        var changes = Parse("""{"description":"new","maxUses":null,"campaign":null,"templateIds":null,"expiresAt":"2031-06-01T12:00:00+02:00"}""", out var errors);
        Assert.Empty(errors);

        var after = changes.ApplyTo(Code);

        Assert.Equal("new", after.Description);
        Assert.Null(after.MaxUses);
        Assert.Null(after.Campaign);
        Assert.Empty(after.TemplateIds);
        Assert.Equal(500, after.MinOrderAmount);
        Assert.Equal(new DateTime(2031, 6, 1, 10, 0, 0, DateTimeKind.Utc), after.ExpiresAt);
        Assert.Equal(DateTimeKind.Utc, after.ExpiresAt!.Value.Kind);
    }

    [Fact]
    public void Parse_OneFieldGiven_OnlyItChanges()
    {
        var after = Parse("""{"campaign":"autumn"}""", out var errors).ApplyTo(Code);

        Assert.Empty(errors);
        Assert.Equal(Code with { Campaign = "autumn" }, after);
    }

    [Fact]
    public void Parse_EmptyBody_NothingToChange()
    {
        Parse("{}", out var errors);

        Assert.Equal(["body"], errors.Keys);
    }

    [Theory]
    [InlineData("""{"kind":"fixed"}""", "kind")]
    [InlineData("""{"amountOff":100}""", "amountOff")]
    [InlineData("""{"currency":null}""", "currency")]
    [InlineData("""{"status":"archived"}""", "status")]
    [InlineData("""{"status":null}""", "status")]
    [InlineData("""{"description":null}""", "description")]
    [InlineData("""{"maxUses":0}""", "maxUses")]
    [InlineData("""{"maxUsesPerUser":0}""", "maxUsesPerUser")]
    [InlineData("""{"minOrderAmount":-1}""", "minOrderAmount")]
    [InlineData("""{"campaign":"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789x"}""", "campaign")]
    public void Parse_BadOrFrozenField_ErrorNamesIt(string json, string field)
    {
        Parse(json, out var errors);
        Assert.Equal([field], errors.Keys);
    }
}
