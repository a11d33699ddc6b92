using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace InventoryGrains.Api.Edge.Cursors;

/// <summary>
/// The Data Protection key ring in PostgreSQL (<c>data_protection_keys</c>), so that every API
/// process of a cluster opens the cursors (and, later, the cookies) any of them sealed. The keys are
/// stored as Data Protection writes them; whoever may read the database may read them.
/// </summary>
public sealed class PostgresKeyRepository(NpgsqlDataSource database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = database.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY created_at");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var command = database.CreateCommand(
            "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, now()) ON CONFLICT (friendly_name) DO NOTHING");
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
