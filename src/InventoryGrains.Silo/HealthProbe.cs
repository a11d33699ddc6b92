/// <summary>
/// <c>probe URL</c>: asks a health route and exits 0 when it answers 200. Container health checks
/// run it, because the runtime image has no HTTP client of its own.
/// </summary>
internal static class HealthProbe
{
    public static async Task<int> RunAsync(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            await Console.Error.WriteLineAsync($"probe: '{url}' is not an absolute URL.");
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(uri);
            Console.WriteLine($"probe: {uri} answered {(int)response.StatusCode}.");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"probe: {uri} did not answer: {exception.Message}");
            return 1;
        }
    }
}
