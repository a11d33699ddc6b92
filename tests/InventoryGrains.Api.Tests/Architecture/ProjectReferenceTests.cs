using System.Xml.Linq;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests.Architecture;

/// <summary>The projects reference one another only as docs/architecture.md allows.</summary>
public sealed class ProjectReferenceTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["InventoryGrains.Domain"] = [],
        ["InventoryGrains.Abstractions"] = ["InventoryGrains.Domain"],
        ["InventoryGrains.Storage"] = ["InventoryGrains.Abstractions"],
        ["InventoryGrains.Storage.PostgreSql"] = ["InventoryGrains.Storage"],
        ["InventoryGrains.Grains"] = ["InventoryGrains.Abstractions", "InventoryGrains.Storage"],
        ["InventoryGrains.Hosting"] = ["InventoryGrains.Grains", "InventoryGrains.Storage.PostgreSql"],
        ["InventoryGrains.Silo"] = ["InventoryGrains.Hosting"],
        ["InventoryGrains.Api"] = ["InventoryGrains.Hosting"],
        ["InventoryGrains.LoadTest"] = ["InventoryGrains.Hosting"],
    };

    [Fact]
    public void Every_project_references_only_what_the_architecture_allows()
    {
        var projects = Directory.GetDirectories(RepositoryLayout.PathOf("src")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Allowed.Keys.Order(), projects);

        foreach (var project in projects)
        {
            var references = XDocument.Load(RepositoryLayout.PathOf("src", project!, $"{project}.csproj"))
                .Descendants("ProjectReference")
                .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')))
                .Order();
            Assert.True(Allowed[project!].Order().SequenceEqual(references), $"{project} references {string.Join(", ", references)}; allowed: {string.Join(", ", Allowed[project!])}");
        }
    }

    [Fact]
    public void The_domain_depends_on_no_grain_runtime_http_or_storage()
    {
        var packages = XDocument.Load(RepositoryLayout.PathOf("src", "InventoryGrains.Domain", "InventoryGrains.Domain.csproj"))
            .Descendants("PackageReference")
            .Select(reference => reference.Attribute("Include")!.Value)
            .Order();

        Assert.Equal(["Microsoft.Orleans.CodeGenerator", "Microsoft.Orleans.Serialization"], packages);
    }
}
