using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.Adapters.Local.DependencyInjection;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Diagnostics;
using Notifications.Local.Folders;

namespace Notifications.Local.Hosting;

/// <summary>
/// A process that joins a data folder's task hub (its Azurite and task hub, from <c>local.json</c>) and runs its
/// orchestrations and activities with the same Core services and configuration as the host, pushing through the
/// host's gateways. No API, no Azurite, no gateways of its own. Its own sidecar serves the shared task hub: the
/// Azure Storage provider spreads control-queue partitions over the processes by blob lease, as it does over
/// Functions instances, and every process takes activities from the one work-item queue.
/// </summary>
internal sealed class LocalWorker : IAsyncDisposable
{
    // notify stops within 5 s of SIGTERM (Program.cs): as the host, the worker host gets this long to drain and
    // everything as long again; past that, the rest is left to the end of the process.
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(1);

    private readonly IHost _host;
    private readonly LocalDurableBackend _backend;
    private readonly GrpcChannel _channel;

    private LocalWorker(IHost host, LocalDurableBackend backend, GrpcChannel channel, string taskHub)
    {
        _host = host;
        _backend = backend;
        _channel = channel;
        TaskHub = taskHub;
    }

    /// <summary>The task hub it joined.</summary>
    public string TaskHub { get; }

    /// <summary>Activities this process ran to completion.</summary>
    public long ActivitiesCompleted => _backend.ActivitiesCompleted;

    public static async Task<LocalWorker> StartAsync(LocalHostOptions options, string workerId, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        if (options.Backend != DurableBackendKind.AzureStorage)
        {
            throw new LocalFolderException("a worker joins a task hub in storage; the in-memory backend has none to share");
        }

        var state = LocalFolder.Read(data)
            ?? throw new LocalFolderException($"data folder {data} has no {LocalFolder.StateFileName}: no host ever ran on it; start 'notify serve' (or demo) on it first");
        var (storage, devicesStorage) = options.StorageConnectionString is { } given
            ? (given, null)
            : await FolderAzurites.ConnectAsync(data, state);

        IReadOnlyDictionary<string, string?> endpoints = new Dictionary<string, string?>();
        if (options.GatewayConfigFile is { } file)
        {
            endpoints = await LocalServices.ReadEndpointsAsync(file, cancellationToken);
        }
        else if (!options.ConfiguredGateways)
        {
            var hostFile = Path.Combine(data, "secrets", "gateways", LocalServices.ClientConfigFileName);
            endpoints = File.Exists(hostFile)
                ? await LocalServices.ReadEndpointsAsync(hostFile, cancellationToken)
                : throw new LocalFolderException(
                    $"data folder {data} has no gateway configuration ({hostFile}): start its host first, or pass --gateways-config or --configured-gateways");
        }

        var configuration = await LocalServices.ConfigurationAsync(
            data, endpoints, storage, devicesStorage, new Uri($"http://127.0.0.1:{state.ApiPort}/"), cancellationToken);
        var loggers = LoggerFactory.Create(l => l.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(options.LogLevel));
        var backend = await LocalDurableBackend.StartAsync(options, storage, new DurableHub(state.TaskHub, state.PartitionCount, workerId), loggers, cancellationToken);
        var channel = GrpcChannel.ForAddress(backend.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddConfiguration(configuration);
            builder.Logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(options.LogLevel);
            options.ConfigureLogging?.Invoke(builder.Logging);
            builder.Logging.RedactApprovalLinks();
            builder.Services.AddNotificationsCore().AddLocalAdapters();
            builder.Services.AddLocalDurableWorker(channel, options);
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            return new LocalWorker(host, backend, channel, state.TaskHub);
        }
        catch
        {
            channel.Dispose();
            await backend.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().WaitAsync(StopBudget + StopBudget);
        }
        catch (TimeoutException)
        {
            // Its locked work comes back to the other processes after the queue visibility anyway.
        }
    }

    private async Task StopAsync()
    {
        using (var deadline = new CancellationTokenSource(StopBudget))
        {
            await _host.StopAsync(deadline.Token);
        }

        _host.Dispose();
        _channel.Dispose();
        await _backend.DisposeAsync();
    }
}
