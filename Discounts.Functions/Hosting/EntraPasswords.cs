using Azure.Core;
using Npgsql;

namespace Discounts.Functions.Hosting;

/// <summary>
/// <c>Database:EntraAuthentication</c>: the PostgreSQL password is a Microsoft Entra access token of the app's
/// managed identity (Azure Database for PostgreSQL Flexible Server, also through its built-in PgBouncer), so no
/// database password exists to leak or rotate. Tokens live about an hour; Npgsql asks for a fresh one in the
/// background well before that, and Azure.Identity serves it from its cache until it nears expiry.
/// </summary>
public static class EntraPasswords
{
    /// <summary>The audience of tokens for Azure Database for PostgreSQL.</summary>
    public const string Scope = "https://ossrdbms-aad.database.windows.net/.default";

    public static void Use(NpgsqlDataSourceBuilder builder, TokenCredential credential) =>
        builder.UsePeriodicPasswordProvider(
            async (_, ct) => (await credential.GetTokenAsync(new TokenRequestContext([Scope]), ct)).Token,
            successRefreshInterval: TimeSpan.FromMinutes(10),
            failureRefreshInterval: TimeSpan.FromSeconds(10));
}
