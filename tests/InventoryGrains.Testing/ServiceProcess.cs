using System.Collections.Concurrent;
using System.Diagnostics;

namespace InventoryGrains.Testing;

/// <summary>
/// One of the project's executables (a silo, an API) running as a real child process, with its
/// output captured so a failing test can show it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>What the process wrote to standard error alone, line by line.</summary>
    public IReadOnlyList<string> ErrorLines => [.. _errors];

    public static ServiceProcess Start(string name, string project, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start(name, project, environment, networkNamespace: null, arguments);

    /// <param name="networkNamespace">A network namespace (<c>ip netns</c>) to run the process in; none for this process's own.</param>
    public static ServiceProcess Start(string name, string project, IReadOnlyDictionary<string, string> environment, string? networkNamespace, params string[] arguments)
    {
        // "ip netns exec" enters the namespace and then execs dotnet: the process is still the one started here.
        var start = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(RepositoryLayout.AssemblyOf(project))!,
        };
        if (networkNamespace is not null)
        {
            foreach (var part in new[] { "netns", "exec", networkNamespace, "dotnet" })
            {
                start.ArgumentList.Add(part);
            }
        }

        start.ArgumentList.Add(RepositoryLayout.AssemblyOf(project));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                service._output.Enqueue(e.Data);
                service._errors.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until a line containing <paramref name="text"/> has been printed.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        Eventually.HoldsAsync(
            () => HasExited
                ? throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}")
                : Task.FromResult(_output.Any(line => line.Contains(text, StringComparison.Ordinal))),
            timeout,
            $"{Name} to print '{text}'");

    /// <summary>Waits for a process that ends by itself (a one-shot command) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);

        // The parameterless wait also drains the redirected output to its end.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Ends the process at once, as a crash would (SIGKILL).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
