using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Database;

/// <summary>
/// The slot rule has one home (migration 0010, issue 14): which usages hold a slot of their code, and which count
/// against a user's per-code limit. Every query asks the two functions; none spells the statuses out again.
/// </summary>
public sealed class SlotRuleTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("reserved", false, true, true)]
    [InlineData("payment_pending", false, true, true)]
    [InlineData("confirmed", false, true, true)]
    [InlineData("refunded", false, true, true)]
    [InlineData("refunded", true, false, false)]
    [InlineData("released", false, false, false)]
    [InlineData("over_limit", false, false, true)]
    public async Task HoldsSlot_AndCountsForUser_AsDesignMdSays(string status, bool refundReleasesSlot, bool holdsSlot, bool countsForUser)
    {
        var answer = Assert.Single(await app.QueryAsync<(bool, bool)>(
            "SELECT usage_holds_slot(@status, @refundReleasesSlot), usage_counts_for_user(@status, @refundReleasesSlot)", new { status, refundReleasesSlot }));

        Assert.Equal((holdsSlot, countsForUser), answer);
    }

    [Fact]
    public async Task TheFunctions_AreInlined_SoQueriesArePlannedAsBefore()
    {
        var plan = string.Join("\n", await app.QueryAsync<string>("""
            EXPLAIN (VERBOSE, COSTS OFF)
            SELECT count(*) FROM discount_usage u JOIN discount_code c ON c.id = u.code_id WHERE usage_holds_slot(u.status, c.refund_releases_slot)
            """));

        Assert.DoesNotContain("usage_holds_slot", plan, StringComparison.Ordinal);
        Assert.Contains("reserved,payment_pending,confirmed", plan, StringComparison.Ordinal); // the inlined expression
    }

    [Fact]
    public void NoSourceOutsideTheMigration_SpellsTheRuleOut()
    {
        const string status = "'reserved', 'payment_pending'";
        const string rule = status + ", 'confirmed'"; // written in two parts, so this file is not a copy itself
        var root = Repository.Root();
        var copies = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(rule, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f))
            .Order()
            .ToList();

        // 0001 is the table's CHECK of every status; 0010 is the rule.
        Assert.Equal(["Discounts.Core/Migrations/0001_initial.sql", "Discounts.Core/Migrations/0010_slot_rule.sql"], copies);
    }
}
