namespace InventoryGrains.Testing;

public static class ApiKeys
{
    /// <summary>The one place tests present a key: every request of <paramref name="client"/> carries it.</summary>
    public static HttpClient WithApiKey(this HttpClient client, string key)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Add("X-Auth-Token", key);
        return client;
    }
}
