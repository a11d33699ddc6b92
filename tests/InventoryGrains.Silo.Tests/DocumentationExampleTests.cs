using System.Diagnostics;
using System.Globalization;
using System.Net;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// The shell examples of the README and of <c>docs/</c> run against an embedded API, each command's
/// output checked against the answer the page documents (<see cref="DocumentationExamples"/>): an
/// example that no longer works, or answers otherwise than its page says, fails the build.
/// </summary>
public sealed class DocumentationExampleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Pages
    {
        get
        {
            var pages = new TheoryData<string>();
            var docs = Directory.GetFiles(RepositoryLayout.PathOf("docs"), "*.md").Select(path => "docs/" + Path.GetFileName(path)).Order(StringComparer.Ordinal);
            foreach (var page in docs.Prepend("README.md"))
            {
                if (DocumentationExamples.Read(File.ReadAllText(RepositoryLayout.PathOf(page))).Count > 0)
                {
                    pages.Add(page);
                }
            }

            return pages;
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_shell_example_of_the_page_answers_as_documented(string page)
    {
        var steps = DocumentationExamples.Read(await File.ReadAllTextAsync(RepositoryLayout.PathOf(page)));
        // The page's commands run in a directory of their own (files they write stay there).
        var directory = Directory.CreateTempSubdirectory("docs-");
        var state = Path.Combine(directory.FullName, ".state.sh");
        ServiceProcess? api = null;
        string? address = null;
        try
        {
            var baseline = await BashAsync("compgen -v | tr '\\n' ' '", new Dictionary<string, string>(), directory.FullName);
            foreach (var step in steps)
            {
                if (step.Kind == DocumentationStepKind.StartApi || api is null)
                {
                    if (api is not null)
                    {
                        await api.DisposeAsync();
                    }

                    (api, address) = await StartApiAsync(step.Kind == DocumentationStepKind.StartApi ? step.Settings : new Dictionary<string, string>());
                    if (step.Kind == DocumentationStepKind.StartApi)
                    {
                        continue;
                    }
                }

                // Each step runs in a shell of its own that takes over the variables and functions the
                // steps before it left.
                var script = string.Join('\n',
                    "set -o pipefail",
                    "[ -f \"$STATE\" ] && source \"$STATE\"",
                    step.Script.Replace(DocumentationExamples.DocumentedAddress, address, StringComparison.Ordinal),
                    "status=$?",
                    "{ for v in $(compgen -v); do case \" $BASE state status v \" in *\" $v \"*) ;; *) declare -p \"$v\" 2>/dev/null;; esac; done; declare -f; } > \"$STATE\"",
                    "exit $status");
                var (exit, stdout, stderr) = await BashAsync(script, new Dictionary<string, string> { ["STATE"] = state, ["BASE"] = baseline.Output }, directory.FullName);
                output.WriteLine($"--- {page}:{step.Line}\n{step.Script.TrimEnd()}\n>>> {stdout.TrimEnd()}{(stderr.Length > 0 ? $"\n!!! {stderr.TrimEnd()}" : "")}");
                Assert.True(exit == 0, $"{page}:{step.Line}: exit code {exit}\n{stderr}");
                if (step.Expected is { } expected)
                {
                    var documented = expected with { Lines = [.. expected.Lines.Select(line => line.Replace(DocumentationExamples.DocumentedAddress, address, StringComparison.Ordinal))] };
                    Assert.True(DocumentationExamples.Matches(documented, stdout),
                        $"{page}:{step.Line}: the output is not the documented answer.\ndocumented:\n{string.Join("\n", expected.Lines)}\noutput:\n{stdout}");
                }
                else
                {
                    Assert.True(stdout.Trim().Length == 0, $"{page}:{step.Line}: a command prints an answer its page does not document (add '# → …' under it):\n{stdout}");
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
            if (api is not null)
            {
                await api.DisposeAsync();
            }
        }
    }

    private static async Task<(ServiceProcess Api, string Address)> StartApiAsync(IReadOnlyDictionary<string, string> settings)
    {
        var address = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}");
        var environment = new Dictionary<string, string>(settings) { ["ASPNETCORE_URLS"] = address };
        var api = ServiceProcess.Start("docs-api", "InventoryGrains.Api", environment);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        await Eventually.HoldsAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the embedded API to be ready");
        return (api, address);
    }

    private static async Task<(int Exit, string Output, string Errors)> BashAsync(string script, IReadOnlyDictionary<string, string> environment, string directory)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = directory };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            await bash.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            throw new TimeoutException($"A documented example ran longer than {StepTimeout}:\n{script}");
        }

        return (bash.ExitCode, await stdout, await stderr);
    }
}
