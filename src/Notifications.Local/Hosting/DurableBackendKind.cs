namespace Notifications.Local.Hosting;

/// <summary>Which durable backend the local host runs on.</summary>
public enum DurableBackendKind
{
    /// <summary>The Azure Storage provider (what Durable Functions uses in Azure by default) on Azurite: survives restarts.</summary>
    AzureStorage,

    /// <summary>In memory: fastest to start, gone when the process ends.</summary>
    InMemory,
}
