using System.Globalization;

namespace InventoryGrains.Hosting.Networking;

/// <summary>A port this process must listen on is taken; <see cref="Exception.Message"/> says which and how to change it.</summary>
public sealed class PortInUseException(int port, string purpose, string setting)
    : Exception(string.Create(CultureInfo.InvariantCulture,
        $"port {port} ({purpose}) is already in use by another process: stop it, or choose another port with {setting}."))
{
    public int Port { get; } = port;

    public string Setting { get; } = setting;
}
