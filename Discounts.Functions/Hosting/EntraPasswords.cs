using Azure.Core;
using Azure.Identity;
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

    /// <summary><c>Database:EntraAuthentication</c>; a password in the connection string beside it is refused.</summary>
    public static bool Enabled(IConfiguration configuration, string connectionString) =>
        configuration.GetValue("Database:EntraAuthentication", false) && (new NpgsqlConnectionStringBuilder(connectionString).Password is not { Length: > 0 }
            ? true
            : throw new InvalidSettingException("ConnectionStrings:Discounts", "has a Password, but Database:EntraAuthentication is true: the password is the identity's token."));

    /// <summary>The app's managed identity: system-assigned, or the user-assigned one <c>AZURE_CLIENT_ID</c> names.</summary>
    public static TokenCredential ManagedIdentity(IConfiguration configuration) => new ManagedIdentityCredential(
        configuration["AZURE_CLIENT_ID"] is { Length: > 0 } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned);

    public static void Use(NpgsqlDataSourceBuilder builder, TokenCredential credential) =>
        builder.UsePeriodicPasswordProvider(
            async (_, ct) => (await credential.GetTokenAsync(new TokenRequestContext([Scope]), ct)).Token,
            successRefreshInterval: TimeSpan.FromMinutes(10),
            failureRefreshInterval: TimeSpan.FromSeconds(10));
}
