using System.Reflection;
using System.Text.RegularExpressions;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Testing;
using Orleans.Configuration;
using YamlDotNet.RepresentationModel;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// There is no container engine to run docker-compose.yml, so this checks everything that can be
/// checked without one: the services, the files they reference, and that every setting they pass
/// is one the code reads.
/// </summary>
public sealed partial class ComposeFileTests
{
    private const string OwnImage = "inventory-grains:local";
    private readonly YamlMappingNode _services;

    public ComposeFileTests()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(RepositoryLayout.PathOf("docker-compose.yml"));
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        _services = (YamlMappingNode)root["services"];
    }

    [Fact]
    public void It_runs_postgres_a_setup_step_two_silos_and_the_api_on_8080()
    {
        Assert.Equal(["api", "db-setup", "postgres", "silo1", "silo2"], ServiceNames().Order());
        var ports = (YamlSequenceNode)Service("api")["ports"];
        Assert.Contains(ports, port => port.ToString() == "8080:8080");
        Assert.Contains("setup-database", Command("db-setup"));
    }

    [Fact]
    public void Every_referenced_file_and_service_exists()
    {
        var build = (YamlMappingNode)Service("db-setup")["build"];
        var context = Path.Combine(RepositoryLayout.Root, build["context"].ToString());
        Assert.True(Directory.Exists(context), context);
        var dockerfile = Path.Combine(context, build["dockerfile"].ToString());
        Assert.True(File.Exists(dockerfile), dockerfile);
        var dockerfileText = File.ReadAllText(dockerfile);

        foreach (var name in OwnServices())
        {
            // dotnet /app/<dir>/<Project>.dll: the project exists and the Dockerfile publishes it there.
            var match = AssemblyPath().Match(string.Join(' ', Command(name)));
            Assert.True(match.Success, $"{name}: command does not run a published assembly");
            var (directory, project) = (match.Groups["dir"].Value, match.Groups["project"].Value);
            Assert.True(File.Exists(RepositoryLayout.PathOf("src", project, project + ".csproj")), $"{name}: no project {project}");
            Assert.Contains($"src/{project} -c Release -o /app/{directory}", dockerfileText, StringComparison.Ordinal);
        }

        foreach (var name in ServiceNames())
        {
            if (Service(name).Children.TryGetValue(new YamlScalarNode("depends_on"), out var dependsOn))
            {
                var targets = dependsOn is YamlMappingNode map ? map.Children.Keys.Select(k => k.ToString()) : ((YamlSequenceNode)dependsOn).Select(n => n.ToString());
                Assert.All(targets, target => Assert.Contains(target, ServiceNames()));
            }
        }
    }

    [Fact]
    public void Every_environment_name_of_the_services_is_a_setting_the_code_reads()
    {
        var known = KnownSettings();
        foreach (var name in OwnServices())
        {
            foreach (var variable in Environment(name))
            {
                var key = NormaliseKey(variable);
                Assert.True(
                    known.Contains(key) || FrameworkSetting(key),
                    $"{name}: '{variable}' is not a setting the code reads");
            }
        }
    }

    [Fact]
    public void The_settings_check_rejects_a_misspelt_name()
    {
        Assert.DoesNotContain(NormaliseKey("Inventory__Cluster__SiloPrt"), KnownSettings());
        Assert.Contains(NormaliseKey("Inventory__ApiKeys__3__Tenant"), KnownSettings());
    }

    /// <summary>Every configuration key the code binds, from its settings types.</summary>
    private static HashSet<string> KnownSettings()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            $"ConnectionStrings:{InventoryDeployment.ConnectionStringName}",
            InventoryDeployment.RoleKey,
        };

        var settingsTypes = new[] { typeof(ClusterSettings).Assembly, typeof(ApiKeySettings).Assembly, typeof(InventoryGrains.Grains.SellingPlans.InventoryPolicyJobOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });
        foreach (var type in settingsTypes)
        {
            var section = (string)type.GetField("SectionName")!.GetRawConstantValue()!;
            AddProperties(keys, section, type);
            AddProperties(keys, section + ":*", type); // list-bound sections such as Inventory:ApiKeys
        }

        AddProperties(keys, $"{ClusterSettings.SectionName}:Membership", typeof(ClusterMembershipOptions));
        AddProperties(keys, $"{ClusterSettings.SectionName}:Reminders", typeof(ReminderOptions));
        return keys;
    }

    private static void AddProperties(HashSet<string> keys, string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            keys.Add($"{prefix}:{property.Name}");
        }
    }

    private static bool FrameworkSetting(string key) =>
        key.StartsWith("Logging:", StringComparison.Ordinal) || key is "ASPNETCORE_URLS" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT";

    private static string NormaliseKey(string variable) =>
        string.Join(':', variable.Split("__").Select(segment => int.TryParse(segment, out _) ? "*" : segment));

    private IEnumerable<string> ServiceNames() => _services.Children.Keys.Select(k => k.ToString());

    private IEnumerable<string> OwnServices() =>
        ServiceNames().Where(name => Service(name).Children.TryGetValue(new YamlScalarNode("image"), out var image) && image.ToString() == OwnImage);

    private YamlMappingNode Service(string name) => (YamlMappingNode)_services[name];

    private List<string> Command(string name) => [.. ((YamlSequenceNode)Service(name)["command"]).Select(n => n.ToString())];

    /// <summary>Environment names, with YAML merge keys (<c>&lt;&lt;: *anchor</c>) expanded.</summary>
    private IEnumerable<string> Environment(string name)
    {
        var environment = (YamlMappingNode)Service(name)["environment"];
        foreach (var (key, value) in environment.Children)
        {
            if (key.ToString() == "<<")
            {
                foreach (var merged in ((YamlMappingNode)value).Children.Keys)
                {
                    yield return merged.ToString();
                }
            }
            else
            {
                yield return key.ToString();
            }
        }
    }

    [GeneratedRegex(@"/app/(?<dir>[a-z]+)/(?<project>InventoryGrains\.[A-Za-z]+)\.dll")]
    private static partial Regex AssemblyPath();
}
