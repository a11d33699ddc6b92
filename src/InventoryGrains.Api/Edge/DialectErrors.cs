namespace InventoryGrains.Api.Edge;

/// <summary>Puts a whole-request error in the shape of the dialect the request addressed.</summary>
public static class DialectErrors
{
    /// <summary>Writes the error to a response that has not started, in the request's dialect.</summary>
    public static Task WriteAsync(HttpContext context, DialectError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DialectCatalog.For(context).ErrorResult(error).ExecuteAsync(context);
    }
}
