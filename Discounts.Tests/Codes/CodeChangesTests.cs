using System.Text.Json;
using Discounts.Core.Codes;

namespace Discounts.Tests.Codes;

/// <summary>Parsing an admin's PATCH body: merge semantics, frozen fields, one error per bad field.</summary>
public sealed class CodeChangesTests
{
    private static CodeChanges Parse(string json, out Dictionary<string, string[]> errors) =>
        CodeChanges.Parse(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!, out errors);

    private static readonly DiscountCode Code = new()
    {
        Code = "SPRING25", Description = "old", MaxUses = 10, MinOrderAmount = 500, Campaign = "spring",
        ExpiresAt = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public void Parse_AbsentKeptNullCleared_OnlyGivenFieldsChange()
    {
        var changes = Parse("""{"description":"new","maxUses":null,"campaign":null,"expiresAt":"2031-06-01T12:00:00+02:00"}""", out var errors);
        Assert.Empty(errors);

        var after = changes.ApplyTo(Code);

        Assert.Equal("new", after.Description);
        Assert.Null(after.MaxUses);
        Assert.Null(after.Campaign);
        Assert.Equal(500, after.MinOrderAmount);
        Assert.Equal(new DateTime(2031, 6, 1, 10, 0, 0, DateTimeKind.Utc), after.ExpiresAt);
        Assert.Equal(DateTimeKind.Utc, after.ExpiresAt!.Value.Kind);
    }

    [Theory]
    [InlineData("""{"kind":"fixed"}""", "kind")]
    [InlineData("""{"amountOff":100}""", "amountOff")]
    [InlineData("""{"status":"archived"}""", "status")]
    [InlineData("""{"maxUses":0}""", "maxUses")]
    [InlineData("""{"maxUses":"5"}""", "maxUses")]
    [InlineData("""{"maxUsesPerUser":null}""", "maxUsesPerUser")]
    [InlineData("""{"minOrderAmount":-1}""", "minOrderAmount")]
    [InlineData("""{"templateIds":["not-a-guid"]}""", "templateIds")]
    [InlineData("""{"refundReleasesSlot":"yes"}""", "refundReleasesSlot")]
    [InlineData("""{"startsAt":"2030-01-01"}""", "startsAt")]
    [InlineData("""{"unknown":1}""", "body")]
    public void Parse_BadOrFrozenField_ErrorNamesIt(string json, string field)
    {
        Parse(json, out var errors);
        Assert.Equal([field], errors.Keys);
    }
}
