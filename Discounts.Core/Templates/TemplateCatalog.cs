using Dapper;
using Discounts.Core.Audit;
using Discounts.Core.Common;
using Discounts.Core.Database;
using Npgsql;

namespace Discounts.Core.Templates;

/// <summary>What a catalog write did: templates created, changed and sent again unchanged.</summary>
public sealed record CatalogWrite(int Created, int Updated, int Unchanged, IReadOnlyList<Template> Templates);

/// <summary>
/// The marketplace's catalog (api.md "Catalog"). One write path for PutTemplate (one template), ImportTemplates
/// (up to 10,000 in one transaction, all or nothing) and the local seed: templates are created or replaced by the
/// marketplace's own id, idempotently (the same template sent again changes nothing and audits nothing), each
/// change audited in the same transaction. Usages froze their price when they were taken, so a price change never
/// touches a hold in flight (EC-017). Templates are never deleted: codes and usages refer to them; <c>active: false</c>
/// retires one.
/// </summary>
public sealed class TemplateCatalog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task<Template?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await TemplateRepository.FindAsync(conn, id);
    }

    /// <summary>Newest first, keyset paged on (created_at, id); <c>q</c> matches slug or title.</summary>
    public async Task<IReadOnlyList<Template>> ListAsync(bool? active, string? query, DateTime? afterCreatedAt, Guid? afterId, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT * FROM template
            WHERE (@active::boolean IS NULL OR active = @active)
              AND (@query::text IS NULL OR slug ILIKE '%' || @query || '%' ESCAPE '\' OR title ILIKE '%' || @query || '%' ESCAPE '\')
              AND (@afterCreatedAt::timestamptz IS NULL OR (created_at, id) < (@afterCreatedAt, @afterId))
            ORDER BY created_at DESC, id DESC
            LIMIT @limit
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Template>(sql, new { active, query = SqlLike.Escape(query), afterCreatedAt, afterId, limit })).AsList();
    }

    /// <summary>
    /// Creates or replaces the templates (ids unique, each validated by <see cref="TemplateInput.Validate"/>), in one
    /// transaction. Fails with <c>errors</c> keyed by <paramref name="keys"/>' entry for a slug another template has.
    /// </summary>
    public async Task<(CatalogWrite? Written, Dictionary<string, string[]> Errors)> WriteAsync(
        IReadOnlyList<Template> templates, IReadOnlyList<string> keys, string actor, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        var written = await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            errors.Clear();
            var ids = templates.Select(t => t.Id).ToArray();
            var existing = (await conn.QueryAsync<Template>("SELECT * FROM template WHERE id = ANY(@ids) ORDER BY id FOR UPDATE", new { ids }, tx))
                .ToDictionary(t => t.Id);
            var taken = (await conn.QueryAsync<(string Slug, Guid Id)>(
                "SELECT slug, id FROM template WHERE slug = ANY(@slugs) AND NOT (id = ANY(@ids))", new { slugs = templates.Select(t => t.Slug).ToArray(), ids }, tx))
                .ToDictionary(t => t.Slug, t => t.Id);
            for (var i = 0; i < templates.Count; i++)
            {
                if (taken.TryGetValue(templates[i].Slug, out var owner))
                {
                    errors[keys[i]] = [$"slug '{templates[i].Slug}' belongs to template {owner}."];
                }
            }

            if (errors.Count > 0)
            {
                return null;
            }

            var created = templates.Where(t => !existing.ContainsKey(t.Id)).Select(t => t with { Version = 1, CreatedAt = now, UpdatedAt = now }).ToList();
            var updated = templates.Where(t => existing.TryGetValue(t.Id, out var old) && !SameTerms(old, t))
                .Select(t => t with { Version = existing[t.Id].Version + 1, CreatedAt = existing[t.Id].CreatedAt, UpdatedAt = now }).ToList();
            await TemplateRepository.WriteManyAsync(conn, tx, [.. created, .. updated]);
            await AuditLog.WriteAllAsync(conn, tx, [
                .. created.Select(t => new AuditEntry(now, actor, AuditAction.TemplateCreated, After: Terms(t), Ip: ip, TemplateId: t.Id)),
                .. updated.Select(t => new AuditEntry(now, actor, AuditAction.TemplateUpdated, Before: Terms(existing[t.Id]), After: Terms(t), Ip: ip, TemplateId: t.Id)),
            ]);
            var stored = created.Concat(updated).ToDictionary(t => t.Id);
            return new CatalogWrite(created.Count, updated.Count, templates.Count - created.Count - updated.Count,
                templates.Select(t => stored.GetValueOrDefault(t.Id) ?? existing[t.Id]).ToList());
        }, ct);
        return (written, errors);
    }

    private static bool SameTerms(Template a, Template b) =>
        a.Slug == b.Slug && a.Title == b.Title && a.Price == b.Price && a.Currency == b.Currency && a.Active == b.Active;

    private static object Terms(Template t) => new { t.Slug, t.Title, t.Price, t.Currency, t.Active, t.Version };
}
