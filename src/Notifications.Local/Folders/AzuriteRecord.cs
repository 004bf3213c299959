using System.Globalization;
using System.Text.Json.Serialization;
using Notifications.Gateways.Emulators;

namespace Notifications.Local.Folders;

/// <summary>One of a data folder's two Azurites, as <c>local.json</c> remembers it.</summary>
internal sealed class AzuriteRecord
{
    public int BlobPort { get; set; }

    public int QueuePort { get; set; }

    public int TablePort { get; set; }

    /// <summary>Where its data lives; null in memory.</summary>
    public string? Location { get; set; }

    /// <summary>The node process this folder started for it, while it may still run.</summary>
    public ProcessStamp? Process { get; set; }

    [JsonIgnore]
    public int[] Ports => [BlobPort, QueuePort, TablePort];

    [JsonIgnore]
    public string ConnectionString => AzuriteProcess.ConnectionStringFor(BlobPort, QueuePort, TablePort);

    [JsonIgnore]
    public string PortRange => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{BlobPort}-{TablePort}");

    /// <summary>Moves it to fresh ports (the block starting at <paramref name="first"/>).</summary>
    public void MoveTo(int first)
    {
        (BlobPort, QueuePort, TablePort) = (first, first + 1, first + 2);
        Process = null;
    }
}
