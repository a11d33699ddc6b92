using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InventoryGrains.Hosting.Telemetry;
using InventoryGrains.Testing;
using YamlDotNet.RepresentationModel;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// Prometheus and Grafana in docker-compose.yml, checked offline like the rest of the file: what
/// Prometheus scrapes is what the services serve, and Grafana's data source and dashboard are the
/// repository's files, wired to that Prometheus and its jobs. (That the dashboard's queries name
/// series the services really export is checked against running processes, in ObservabilityClusterTests.)
/// </summary>
public sealed partial class ComposeFileTests
{
    [Fact]
    public void Prometheus_scrapes_the_metrics_route_of_both_silos_and_the_api_which_serve_it()
    {
        var prometheus = Service("prometheus");
        AssertPinnedImage(prometheus, "prom/prometheus");
        var mounts = Mounts(prometheus);
        var configFile = Assert.Single(Command("prometheus"), a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        Assert.True(mounts.TryGetValue(configFile, out var source), $"{configFile} is not mounted into prometheus");
        Assert.True(File.Exists(source), source);

        var scraped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in ScrapeJobs(source))
        {
            Assert.Equal(TelemetryRegistration.MetricsPath, ((YamlScalarNode)job["metrics_path"]).Value);
            foreach (var target in Targets(job))
            {
                var (host, port) = (target.Split(':')[0], int.Parse(target.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Contains(host, OwnServices());
                Assert.EndsWith($":{port}", ((YamlMappingNode)Service(host)["environment"])["ASPNETCORE_URLS"].ToString(), StringComparison.Ordinal);
                Assert.Equal("true", ((YamlMappingNode)Service(host)["environment"])["Inventory__Metrics__Enabled"].ToString());
                scraped.Add(host);
            }
        }

        // Every long-running process of the service is scraped (db-setup runs once and serves nothing).
        var serving = OwnServices().Where(name => ((YamlMappingNode)Service(name)["environment"]).Children.ContainsKey(new YamlScalarNode("ASPNETCORE_URLS")));
        Assert.Equal(serving.Order(), scraped.Order());
    }

    [Fact]
    public void Grafana_provisions_the_prometheus_data_source_and_the_dashboard_from_the_repository()
    {
        var grafana = Service("grafana");
        AssertPinnedImage(grafana, "grafana/grafana");
        var mounts = Mounts(grafana);
        var provisioning = mounts["/etc/grafana/provisioning"];
        Assert.True(Directory.Exists(provisioning), provisioning);

        // The data source is the compose file's Prometheus, on the port it listens on.
        var dataSource = (YamlMappingNode)Assert.Single((YamlSequenceNode)LoadYaml(Path.Combine(provisioning, "datasources", "prometheus.yml"))["datasources"]);
        var url = new Uri(dataSource["url"].ToString());
        Assert.Equal("prometheus", url.Host);
        Assert.Contains("prometheus", ServiceNames());
        Assert.Contains((YamlSequenceNode)Service("prometheus")["ports"], port => port.ToString().EndsWith($":{url.Port}", StringComparison.Ordinal));
        var dataSourceUid = dataSource["uid"].ToString();

        // The dashboards provider reads the folder the compose file mounts, and it holds the dashboard.
        var provider = (YamlMappingNode)Assert.Single((YamlSequenceNode)LoadYaml(Path.Combine(provisioning, "dashboards", "inventory.yml"))["providers"]);
        var dashboardsPath = ((YamlMappingNode)provider["options"])["path"].ToString();
        Assert.True(mounts.TryGetValue(dashboardsPath, out var dashboards), $"{dashboardsPath} is not mounted into grafana");
        var home = ((YamlMappingNode)grafana["environment"])["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"].ToString();
        Assert.StartsWith(dashboardsPath + "/", home, StringComparison.Ordinal);
        var dashboardFile = Path.Combine(dashboards, Path.GetFileName(home));
        Assert.True(File.Exists(dashboardFile), dashboardFile);

        var dashboard = JsonNode.Parse(File.ReadAllText(dashboardFile))!;
        var jobs = ScrapeJobs(PrometheusConfig()).Select(job => job["job_name"].ToString()).ToHashSet(StringComparer.Ordinal);
        var panels = dashboard["panels"]!.AsArray().Select(p => p!).ToList();
        var titles = string.Join(" | ", panels.Select(p => p["title"]!.GetValue<string>())).ToLowerInvariant();
        foreach (var subject in new[] { "throughput", "p50 / p99", "errors by code", "batch", "activations" })
        {
            Assert.Contains(subject, titles, StringComparison.Ordinal);
        }

        foreach (var panel in panels)
        {
            Assert.Equal(dataSourceUid, panel["datasource"]!["uid"]!.GetValue<string>());
            var targets = panel["targets"]!.AsArray();
            Assert.NotEmpty(targets);
            foreach (var expression in targets.Select(t => t!["expr"]!.GetValue<string>()))
            {
                Assert.Equal(expression.Count(c => c == '('), expression.Count(c => c == ')'));
                Assert.Equal(expression.Count(c => c == '{'), expression.Count(c => c == '}'));
                var job = JobSelector().Match(expression);
                Assert.True(job.Success, $"'{expression}' does not select a job");
                Assert.Contains(job.Groups["job"].Value, jobs);
            }
        }
    }

    /// <summary>Every series name the provisioned dashboard queries.</summary>
    public static IReadOnlySet<string> DashboardSeries()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(RepositoryLayout.PathOf("deploy", "grafana", "dashboards", "inventory-grains.json")))!;
        return dashboard["panels"]!.AsArray()
            .SelectMany(panel => panel!["targets"]!.AsArray())
            .SelectMany(target => SeriesName().Matches(target!["expr"]!.GetValue<string>()).Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static void AssertPinnedImage(YamlMappingNode service, string repository)
    {
        var image = service["image"].ToString();
        Assert.StartsWith(repository + ":", image, StringComparison.Ordinal);
        Assert.DoesNotContain(":latest", image, StringComparison.Ordinal);
    }

    /// <summary>Container path → host path of each bind mount, host paths relative to the compose file.</summary>
    private static Dictionary<string, string> Mounts(YamlMappingNode service) =>
        ((YamlSequenceNode)service["volumes"]).Select(v => v.ToString().Split(':')).ToDictionary(
            parts => parts[1],
            parts => Path.GetFullPath(Path.Combine(RepositoryLayout.Root, parts[0])),
            StringComparer.Ordinal);

    private string PrometheusConfig() => Mounts(Service("prometheus"))["/etc/prometheus/prometheus.yml"];

    private static IEnumerable<YamlMappingNode> ScrapeJobs(string file) =>
        ((YamlSequenceNode)LoadYaml(file)["scrape_configs"]).Cast<YamlMappingNode>();

    private static IEnumerable<string> Targets(YamlMappingNode job) =>
        ((YamlSequenceNode)job["static_configs"]).Cast<YamlMappingNode>()
            .SelectMany(config => ((YamlSequenceNode)config["targets"]).Select(t => t.ToString()));

    private static YamlMappingNode LoadYaml(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(file);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    [GeneratedRegex("job=\"(?<job>[^\"]+)\"")]
    private static partial Regex JobSelector();

    /// <summary>A series name: an identifier followed by a label selector or a range.</summary>
    [GeneratedRegex(@"(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*[\{\[]")]
    private static partial Regex SeriesName();
}
