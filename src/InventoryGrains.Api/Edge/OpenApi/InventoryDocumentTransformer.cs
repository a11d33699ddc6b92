using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;

namespace InventoryGrains.Api.Edge.OpenApi;

/// <summary>
/// The document as a whole: title and introduction, the API-key schemes, one tag per dialect, and
/// each path as it is declared (the generator drops a trailing slash, which Crux paths have).
/// </summary>
public sealed class InventoryDocumentTransformer(DialectCatalog dialects) : IOpenApiDocumentTransformer
{
    public const string Title = "InventoryGrains API";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(context);
        document.Info = new OpenApiInfo
        {
            Title = Title,
            Version = "v1",
            Description = ApiIntroduction.Markdown(dialects.All),
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = ApiKeySchemes.Schemes();
        document.Tags = new HashSet<OpenApiTag>(
            dialects.All.Select(dialect => new OpenApiTag
            {
                Name = dialect.Tag,
                Description = dialect.Documentation.TagDescription,
            }));
        KeepTrailingSlashes(document, context);

        // The generator names the server with a trailing slash (http://host:port/), to which the
        // reference page appends each path: //stores/… . A server URL ends without one.
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
            {
                server.Url = url.TrimEnd('/');
            }
        }

        return Task.CompletedTask;
    }

    private static void KeepTrailingSlashes(OpenApiDocument document, OpenApiDocumentTransformerContext context)
    {
        var declared = context.DescriptionGroups
            .SelectMany(group => group.Items)
            .Select(description => description.RelativePath)
            .Where(path => path is { Length: > 1 } && path.EndsWith('/'))
            .Distinct(StringComparer.Ordinal);
        foreach (var path in declared)
        {
            var generated = ItemPath(path!);
            if (document.Paths.Remove(generated, out var item))
            {
                document.Paths[generated + "/"] = item;
            }
        }
    }

    /// <summary>The path the generator lists for a route pattern: its segments, parameters without constraints.</summary>
    private static string ItemPath(string relativePath)
    {
        var path = new StringBuilder();
        foreach (var segment in RoutePatternFactory.Parse(relativePath).PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
                    _ => "",
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }
}
