using InventoryGrains.Testing;
using Microsoft.Playwright;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c>, which <c>./build.sh test</c> installs when it
/// runs as root and finds none), driven by Playwright without a browser download of its own.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>Where the browser is: <c>INVENTORY_CHROMIUM</c>, else Debian's path.</summary>
    public static string? ExecutablePath =>
        new[] { Environment.GetEnvironmentVariable("INVENTORY_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(path => !string.IsNullOrWhiteSpace(path) && File.Exists(path));

    public const string Missing =
        "No Chromium: install Debian's chromium package (./build.sh test does when run as root), or set INVENTORY_CHROMIUM to a Chromium executable.";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, string executablePath)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Where a test keeps a screenshot: <c>artifacts/</c> of the repository (not committed).</summary>
    public static string ScreenshotPath(string name)
    {
        var directory = Directory.CreateDirectory(RepositoryLayout.PathOf("artifacts", "screenshots"));
        return Path.Combine(directory.FullName, name);
    }
}
