using System.Text.Json;
using InventoryGrains.Api.Edge;

namespace InventoryGrains.Api.Service;

/// <summary>The shape checks the service's own routes share: no field the request does not know, and a 400 that names the field.</summary>
internal static class BodyShape
{
    /// <summary>The first property of <paramref name="element"/> that is not one of <paramref name="known"/>, as a 400 naming it.</summary>
    public static DialectError? Unknown(JsonElement element, string[] known, string prefix)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                return Invalid(prefix + property.Name, $"{prefix}{property.Name} is not a field of this request ({string.Join(", ", known)}).");
            }
        }

        return null;
    }

    public static DialectError Invalid(string field, string message) => DialectError.BadRequest(message) with { Field = field };
}
