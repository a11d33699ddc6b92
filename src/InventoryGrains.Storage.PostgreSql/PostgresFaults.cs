using System.Text;
using Npgsql;

namespace InventoryGrains.Storage.PostgreSql;

/// <summary>Which database failures are a value's fault, not the database's.</summary>
public static class PostgresFaults
{
    /// <summary>
    /// The statement failed because of a value it carries, and would fail again for it: a data
    /// exception (SQLSTATE class 22, e.g. <c>22P05</c> a JSON <c>\u0000</c>, <c>22021</c> a NUL in
    /// text, <c>22001</c> a value too long), or text the driver cannot encode (an unpaired
    /// surrogate). The statement did not run to its end, so nothing of it was stored.
    /// </summary>
    public static bool IsRefusal(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("22", StringComparison.Ordinal),
        EncoderFallbackException => true,
        _ => exception?.InnerException is EncoderFallbackException,
    };
}
