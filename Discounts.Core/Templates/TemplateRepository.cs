using Dapper;
using Npgsql;

namespace Discounts.Core.Templates;

internal static class TemplateRepository
{
    public static Task<Template?> FindAsync(NpgsqlConnection conn, Guid id, NpgsqlTransaction? tx = null)
    {
        const string sql = "SELECT * FROM template WHERE id = @id";
        return conn.QuerySingleOrDefaultAsync<Template>(sql, new { id }, tx);
    }

    /// <summary>Those of <paramref name="ids"/> that name a template, active or not (templates are never deleted).</summary>
    public static async Task<IReadOnlyList<Guid>> FindExistingIdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[] ids)
    {
        const string sql = "SELECT id FROM template WHERE id = ANY(@ids)";
        return (await conn.QueryAsync<Guid>(sql, new { ids }, tx)).AsList();
    }

    public static async Task<IReadOnlyList<Template>> ListAsync(NpgsqlConnection conn)
    {
        const string sql = "SELECT * FROM template ORDER BY slug";
        return (await conn.QueryAsync<Template>(sql)).AsList();
    }

    /// <summary>
    /// Writes new and changed templates in one statement (<see cref="TemplateCatalog"/> decided which are which and
    /// their versions): inserted when the id is new, otherwise replaced.
    /// </summary>
    public static Task WriteManyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<Template> templates)
    {
        const string sql = """
            INSERT INTO template (id, slug, title, price, currency, active, version, created_at, updated_at)
            SELECT * FROM unnest(@ids, @slugs, @titles, @prices, @currencies, @actives, @versions, @createdAts, @updatedAts)
            ON CONFLICT (id) DO UPDATE SET slug = EXCLUDED.slug, title = EXCLUDED.title, price = EXCLUDED.price,
                currency = EXCLUDED.currency, active = EXCLUDED.active, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
            """;
        return templates.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(sql, new
        {
            ids = templates.Select(t => t.Id).ToArray(),
            slugs = templates.Select(t => t.Slug).ToArray(),
            titles = templates.Select(t => t.Title).ToArray(),
            prices = templates.Select(t => t.Price).ToArray(),
            currencies = templates.Select(t => t.Currency).ToArray(),
            actives = templates.Select(t => t.Active).ToArray(),
            versions = templates.Select(t => t.Version).ToArray(),
            createdAts = templates.Select(t => t.CreatedAt).ToArray(),
            updatedAts = templates.Select(t => t.UpdatedAt).ToArray(),
        }, tx);
    }

    /// <summary>Inserts or updates a template by id, as test and benchmark fixtures set one up (the service writes through <see cref="TemplateCatalog"/>).</summary>
    public static Task UpsertAsync(NpgsqlConnection conn, Template template, NpgsqlTransaction? tx = null)
    {
        const string sql = """
            INSERT INTO template (id, slug, title, price, currency, active, created_at, updated_at)
            VALUES (@Id, @Slug, @Title, @Price, @Currency, @Active, @CreatedAt, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET slug = EXCLUDED.slug, title = EXCLUDED.title, price = EXCLUDED.price,
                currency = EXCLUDED.currency, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
            """;
        return conn.ExecuteAsync(sql, template, tx);
    }
}
