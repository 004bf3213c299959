namespace Notifications.Local.Folders;

/// <summary>
/// What a data folder remembers between runs (<c>local.json</c>): its task hub and the ports of its Azurites and
/// API, picked free on first use and kept so a persisted Azurite, the task hub in it and the approval links in sent
/// emails keep working on the next start.
/// </summary>
internal sealed class LocalFolderState
{
    /// <summary>The durable task hub, unique per folder so that folders sharing a storage account stay apart.</summary>
    public string TaskHub { get; set; } = string.Empty;

    /// <summary>Control-queue partitions; fixed when the task hub is created, the most processes that share its orchestrations.</summary>
    public int PartitionCount { get; set; }

    /// <summary>The HTTP API's port: approval links point at it.</summary>
    public int ApiPort { get; set; }

    /// <summary>The Azurite holding blobs, the ledger and the task hub.</summary>
    public AzuriteRecord Azurite { get; set; } = new();

    /// <summary>The Azurite holding the device registry.</summary>
    public AzuriteRecord Registry { get; set; } = new();

    /// <summary>The <c>notify</c> process that owns the Azurites now (it ends them when it stops).</summary>
    public ProcessStamp? Host { get; set; }
}
