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
    public void It_runs_postgres_a_setup_step_two_silos_the_api_on_8080_prometheus_and_grafana()
    {
        Assert.Equal(["api", "db-setup", "grafana", "postgres", "prometheus", "silo1", "silo2"], ServiceNames().Order());
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
    public void Silos_and_the_api_report_health_restart_on_failure_and_the_api_waits_for_healthy_silos()
    {
        foreach (var name in new[] { "silo1", "silo2", "api" })
        {
            var service = Service(name);
            Assert.Equal("on-failure", service["restart"].ToString());

            // The health check asks the service's own ready route, on the port it listens on.
            var test = ((YamlSequenceNode)((YamlMappingNode)service["healthcheck"])["test"]).Select(n => n.ToString()).ToList();
            Assert.Equal(["CMD", "dotnet", "/app/silo/InventoryGrains.Silo.dll", "probe"], test[..4]);
            var probed = new Uri(test[4]);
            Assert.Equal("/health/ready", probed.AbsolutePath);
            var listening = ((YamlMappingNode)service["environment"])["ASPNETCORE_URLS"].ToString();
            Assert.EndsWith($":{probed.Port}", listening, StringComparison.Ordinal);
        }

        var apiDependsOn = (YamlMappingNode)Service("api")["depends_on"];
        foreach (var silo in new[] { "silo1", "silo2" })
        {
            Assert.Equal("service_healthy", ((YamlMappingNode)apiDependsOn[silo])["condition"].ToString());
        }
    }

    [Fact]
    public void The_image_restores_from_the_project_files_before_it_copies_the_sources()
    {
        var lines = File.ReadAllLines(RepositoryLayout.PathOf("Dockerfile")).Select(l => l.Trim()).ToList();
        var restore = lines.FindIndex(l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var sources = lines.FindIndex(l => l.StartsWith("COPY src/ ", StringComparison.Ordinal));
        Assert.True(restore >= 0 && sources > restore, "dotnet restore must run before the sources are copied");

        // Every project the published hosts build on is copied (its .csproj alone) before the restore.
        foreach (var project in ProjectClosure("InventoryGrains.Silo").Union(ProjectClosure("InventoryGrains.Api")))
        {
            var copy = lines.FindIndex(l => l.StartsWith($"COPY src/{project}/{project}.csproj ", StringComparison.Ordinal));
            Assert.True(copy >= 0 && copy < restore, $"{project}.csproj is not copied before the restore");
        }
    }

    /// <summary>A project under src/ and every project it references, directly or not.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (found.Add(next))
            {
                var csproj = System.Xml.Linq.XDocument.Load(RepositoryLayout.PathOf("src", next, next + ".csproj"));
                foreach (var reference in csproj.Descendants("ProjectReference"))
                {
                    pending.Push(Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')));
                }
            }
        }

        return found;
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

        var settingsTypes = new[] { typeof(InventoryClusterOptions).Assembly, typeof(ApiKeyOptions).Assembly, typeof(InventoryGrains.Grains.SellingPlans.InventoryPolicyJobOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });
        foreach (var type in settingsTypes)
        {
            var section = (string)type.GetField("SectionName")!.GetRawConstantValue()!;
            AddProperties(keys, section, type);
            AddProperties(keys, section + ":*", type); // list-bound sections such as Inventory:ApiKeys
        }

        AddProperties(keys, $"{InventoryClusterOptions.SectionName}:Membership", typeof(ClusterMembershipOptions));
        AddProperties(keys, $"{InventoryClusterOptions.SectionName}:Reminders", typeof(ReminderOptions));
        return keys;
    }

    private static void AddProperties(HashSet<string> keys, string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            keys.Add($"{prefix}:{property.Name}");
            if (property.PropertyType != typeof(string) && property.PropertyType.IsAssignableTo(typeof(System.Collections.IEnumerable)))
            {
                keys.Add($"{prefix}:{property.Name}:*"); // list-bound properties such as Inventory:Dashboard:Tenants
            }
        }
    }

    private static bool FrameworkSetting(string key) =>
        key.StartsWith("Logging:", StringComparison.Ordinal) || key is "ASPNETCORE_URLS" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT";

    private static string NormaliseKey(string variable) =>
        string.Join(':', variable.Split("__").Select(segment => int.TryParse(segment, out _) ? "*" : segment));

    private IEnumerable<string> ServiceNames() => _services.Children.Keys.Select(k => k.ToString());

    private IEnumerable<string> OwnServices() =>
        ServiceNames().Where(name => Service(name).Children.TryGetValue(new YamlScalarNode("image"), out var image) && image.ToString() == OwnImage);

    /// <summary>A service with YAML merge keys (<c>&lt;&lt;: *anchor</c>) expanded, its own keys first.</summary>
    private YamlMappingNode Service(string name) => Merged((YamlMappingNode)_services[name]);

    private static YamlMappingNode Merged(YamlMappingNode node)
    {
        var merged = new YamlMappingNode();
        foreach (var (key, value) in node.Children.Where(c => c.Key.ToString() != "<<"))
        {
            merged.Add(key, value is YamlMappingNode map ? Merged(map) : value);
        }

        if (node.Children.TryGetValue(new YamlScalarNode("<<"), out var inherited))
        {
            foreach (var (key, value) in Merged((YamlMappingNode)inherited).Children.Where(c => !merged.Children.ContainsKey(c.Key)))
            {
                merged.Add(key, value);
            }
        }

        return merged;
    }

    private List<string> Command(string name) => [.. ((YamlSequenceNode)Service(name)["command"]).Select(n => n.ToString())];

    /// <summary>Environment names, with YAML merge keys expanded.</summary>
    private IEnumerable<string> Environment(string name) =>
        ((YamlMappingNode)Service(name)["environment"]).Children.Keys.Select(k => k.ToString());

    [GeneratedRegex(@"/app/(?<dir>[a-z]+)/(?<project>InventoryGrains\.[A-Za-z]+)\.dll")]
    private static partial Regex AssemblyPath();
}
