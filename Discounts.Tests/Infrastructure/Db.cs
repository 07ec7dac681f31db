using Dapper;
using Npgsql;

namespace Discounts.Tests.Infrastructure;

/// <summary>Direct reads of the database's facts, for assertions.</summary>
public static class Db
{
    public static async Task<T> ScalarAsync<T>(this AppFactory app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value");
    }

    public static async Task<int> ExecuteAsync(this AppFactory app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteAsync(sql, args);
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this AppFactory app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return (await conn.QueryAsync<T>(sql, args)).AsList();
    }

    public static Task<string> UsageStatusAsync(this AppFactory app, Guid usageId) =>
        app.ScalarAsync<string>("SELECT status FROM discount_usage WHERE id = @usageId", new { usageId });

    public static Task<string> PurchaseStatusAsync(this AppFactory app, Guid purchaseId) =>
        app.ScalarAsync<string>("SELECT status FROM purchase WHERE id = @purchaseId", new { purchaseId });

    public static Task<long> SlotsTakenAsync(this AppFactory app, Guid codeId) =>
        app.ScalarAsync<long>("SELECT count(*) FROM discount_slot WHERE code_id = @codeId AND usage_id IS NOT NULL", new { codeId });

    public static Task<long> CountAsync(this AppFactory app, string table) =>
        app.ScalarAsync<long>($"SELECT count(*) FROM {table}");

    /// <summary>Invariant 3 on one code: slot rows held = usages that hold a slot, and never above max_uses.</summary>
    public static async Task AssertSlotsAgreeAsync(this AppFactory app, Guid codeId)
    {
        var held = await app.SlotsTakenAsync(codeId);
        var holding = await app.ScalarAsync<long>("""
            SELECT count(*) FROM discount_usage u JOIN discount_code c ON c.id = u.code_id
            WHERE u.code_id = @codeId AND usage_holds_slot(u.status, c.refund_releases_slot)
            """, new { codeId });
        var max = await app.ScalarAsync<int>("SELECT max_uses FROM discount_code WHERE id = @codeId", new { codeId });
        Assert.Equal(holding, held);
        Assert.True(held <= max, $"oversold: {held} > {max}");
    }
}
