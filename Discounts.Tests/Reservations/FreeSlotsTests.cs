using Dapper;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Reservations;

/// <summary>
/// Validate and apply count a code's free slots (<c>free_slots</c>, migration 0011) through the partial index of free
/// slots, whatever the table's physical order. The statement they ran before read the table until it had found
/// enough free rows: quick for a code whose rows lay early in the table, 146 ms on average in the benchmark's hot apply
/// (the code behind a million other slot rows), which capped the service at 54 applies a second.
/// </summary>
public sealed class FreeSlotsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task FreeSlots_OfACodeWhoseRowsLieBehindAnothers_ReadThroughTheIndexNotTheTable()
    {
        await app.PercentCodeAsync(10, maxUses: 50_000);
        var last = await app.PercentCodeAsync(10, maxUses: 50_000);
        await app.ExecuteAsync("ANALYZE discount_slot");

        // In one transaction, so the scan counters are this call's own (and stay on one backend behind PgBouncer).
        await using var conn = await app.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var free = await conn.ExecuteScalarAsync<int>("SELECT free_slots(@id, 11)", new { id = last.Id }, tx);
        var (tableScans, indexScans) = await conn.QuerySingleAsync<(long, long)>(
            "SELECT pg_stat_get_xact_numscans('discount_slot'::regclass), pg_stat_get_xact_numscans('discount_slot_free_idx'::regclass)", transaction: tx);

        Assert.Equal(11, free);
        Assert.Equal(0, tableScans);
        Assert.True(indexScans > 0, "free_slots read no index");
    }
}
