using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Local.Hosting;

/// <summary>
/// The durable backend of the local host: a gRPC task-hub sidecar (the one the in-process test host ships, over any
/// DTFx backend) in front of the Azure Storage provider on Azurite, or of an in-memory store. The durable worker and
/// client talk to it exactly as they talk to the Functions host's. This is the one class that knows the sidecar
/// lives in a package named Testing; swapping it (for the Durable Task Scheduler emulator, say) touches only here.
/// </summary>
internal sealed class LocalDurableBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SidecarCompatibleOrchestrationService? _counted;

    private LocalDurableBackend(WebApplication app, Uri address, SidecarCompatibleOrchestrationService? counted)
    {
        _app = app;
        Address = address;
        _counted = counted;
    }

    /// <summary>The sidecar's gRPC address (HTTP/2 cleartext on loopback).</summary>
    public Uri Address { get; }

    /// <summary>Activities this process ran to completion (Azure Storage backend; the demo reports it per worker).</summary>
    public long ActivitiesCompleted => _counted?.ActivitiesCompleted ?? 0;

    public static async Task<LocalDurableBackend> StartAsync(
        LocalHostOptions options, string storageConnectionString, DurableHub hub, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        IOrchestrationService service;
        IOrchestrationServiceClient client;
        SidecarCompatibleOrchestrationService? counted = null;
        if (options.Backend == DurableBackendKind.AzureStorage)
        {
            // Partitions move between processes by lease (the provider's table partition manager, Durable Functions'
            // default), as between Functions instances. A killed process's partitions wait for its leases to expire:
            // as long as its locked messages wait (the queue visibility), but never so short that a busy machine's
            // pause loses them.
            var lease = TimeSpan.FromSeconds(Math.Clamp(options.ControlQueueVisibility.TotalSeconds, 10, 60));
            var azure = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
            {
                StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
                TaskHubName = hub.Name,
                PartitionCount = hub.PartitionCount,
                WorkerId = hub.WorkerId,
                LeaseInterval = lease,
                LeaseRenewInterval = lease / 3,
                LeaseAcquireInterval = lease / 3,

                // Its 2 s default is often exceeded by Azurite on a busy machine, which only logs and retries.
                PartitionTableOperationTimeout = lease / 3,
                MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
                MaxConcurrentTaskOrchestrationWorkItems = 32,
                ControlQueueVisibilityTimeout = options.ControlQueueVisibility,
                WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibility,
                MaxQueuePollingInterval = TimeSpan.FromSeconds(1),

                // Keeps running orchestrations in memory between work items, so a partition does not reload its
                // history from the table on every chunk completion.
                ExtendedSessionsEnabled = true,
                ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(30),
                LoggerFactory = loggers,
                CustomMessageTypeBinder = new SidecarMessageTypeBinder(),
            });
            await azure.CreateIfNotExistsAsync().ConfigureAwait(false);
            counted = new SidecarCompatibleOrchestrationService(azure, azure, options.WorkItemQueueVisibility);
            (service, client) = (counted, counted);
        }
        else
        {
            var memory = new InMemoryOrchestrationService(loggers);
            (service, client) = (memory, memory);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 64 * 1024 * 1024);
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LocalDurableBackend(app, new Uri(address), counted);
    }

    public async ValueTask DisposeAsync()
    {
        // Stopping the provider releases this process's partitions for the others; its owner waits only so long.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(deadline.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
