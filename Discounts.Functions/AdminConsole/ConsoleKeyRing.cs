using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Discounts.Functions.AdminConsole;

/// <summary>
/// The console's data-protection key ring in PostgreSQL (table <c>data_protection_key</c>), shared by every instance:
/// a session cookie or antiforgery token one instance issues, the next one reads. ASP.NET Core's default keeps the
/// ring on the instance's own disk, which a scaled-out function app does not share. The interface is synchronous;
/// the ring is read when an instance starts and about once a day after, and written when a key is made (every 90 days).
/// </summary>
public sealed class ConsoleKeyRing(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand("SELECT xml FROM data_protection_key ORDER BY created_at, name", conn);
        using var reader = cmd.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand("INSERT INTO data_protection_key (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING", conn);
        cmd.Parameters.AddWithValue("name", friendlyName);
        cmd.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        cmd.ExecuteNonQuery();
    }
}
