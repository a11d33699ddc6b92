using System.Reflection;
using InventoryGrains.Api.Edge;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests.Architecture;

/// <summary>
/// A dialect is a folder: the edge (authentication, rate limit, idempotency, request checks,
/// errors, the bulk pipeline, the API reference) reaches dialects through <see cref="IDialect"/>
/// only, and every dialect brings its own implementation of it.
/// </summary>
public sealed class DialectBoundaryTests
{
    private static readonly string[] EdgeFolders = ["Edge", "Authentication", "RateLimiting", "Operations", "Hosting", "Service"];

    [Fact]
    public void No_file_of_the_edge_uses_a_dialects_namespace()
    {
        var offenders = EdgeFolders
            .SelectMany(folder => Directory.EnumerateFiles(RepositoryLayout.PathOf("src", "InventoryGrains.Api", folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => File.ReadAllText(file).Contains("InventoryGrains.Api.Dialects", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(RepositoryLayout.Root, file))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void No_type_of_the_edge_refers_to_a_type_of_a_dialect()
    {
        var api = typeof(IDialect).Assembly;
        var edgeTypes = api.GetTypes().Where(type => type.Namespace is { } ns && !ns.StartsWith("InventoryGrains.Api.Dialects", StringComparison.Ordinal) && ns.StartsWith("InventoryGrains.Api", StringComparison.Ordinal));
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        var offenders = edgeTypes
            .SelectMany(type => type.GetFields(All).Select(field => (type, field.FieldType))
                .Concat(type.GetProperties(All).Select(property => (type, property.PropertyType)))
                .Concat(type.GetMethods(All).SelectMany(method => method.GetParameters().Select(parameter => parameter.ParameterType).Append(method.ReturnType)).Select(used => (type, used))))
            .Where(use => use.Item2.Namespace?.StartsWith("InventoryGrains.Api.Dialects", StringComparison.Ordinal) == true)
            .Select(use => $"{use.type.FullName} uses {use.Item2.FullName}")
            .Distinct()
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_dialect_folder_has_its_one_dialect_with_its_own_name_prefix_and_tag()
    {
        var dialects = typeof(IDialect).Assembly.GetTypes()
            .Where(type => typeof(IDialect).IsAssignableFrom(type) && !type.IsInterface)
            .ToList();
        var folders = Directory.GetDirectories(RepositoryLayout.PathOf("src", "InventoryGrains.Api", "Dialects")).Select(Path.GetFileName).ToList();

        Assert.Equal(folders.Order(), dialects.Where(type => type.Namespace!.StartsWith("InventoryGrains.Api.Dialects.", StringComparison.Ordinal)).Select(type => type.Namespace!.Split('.')[^1]).Order());
        var instances = dialects.Select(type => (IDialect)type.GetProperty("Instance")!.GetValue(null)!).ToList();
        Assert.Equal(instances.Count, instances.Select(dialect => dialect.Name).Distinct().Count());
        Assert.Equal(instances.Count, instances.Select(dialect => dialect.Tag).Distinct().Count());
        Assert.Equal(instances.Count(dialect => dialect.Prefix.Length > 0), instances.Where(dialect => dialect.Prefix.Length > 0).Select(dialect => dialect.Prefix).Distinct().Count());
    }
}
