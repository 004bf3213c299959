using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Core.Api;
using Notifications.Adapters.Local.DependencyInjection;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Diagnostics;
using Notifications.Gateways;
using Notifications.Gateways.Emulators;
using Notifications.Gateways.Mail;
using Notifications.Gateways.Recording;
using Notifications.Local.Folders;
using OpenTelemetry.Metrics;

namespace Notifications.Local.Hosting;

/// <summary>
/// The whole system on one machine, on embedded defaults: Azurite for blobs, tables and the durable task hub, the
/// durable sidecar, the loopback FCM/APNs gateways, and the same Core code and HTTP API as the Functions app.
/// Each default gives way to configuration: a storage connection string, gateways in another process, or the
/// real FCM and APNs settings. Ports and task hub are the data folder's (<see cref="LocalFolder"/>), so hosts on two
/// folders never meet, and <c>notify worker</c> processes join this one's task hub through the same folder.
/// </summary>
internal sealed class LocalHost : IAsyncDisposable
{
    // notify stops within 5 s of SIGTERM (Program.cs), on a busy machine too: the web hosts get this long to drain,
    // everything else as long again, and the Azurites are ended whatever happened before.
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(1);

    private readonly WebApplication _app;
    private readonly LocalDurableBackend _backend;
    private readonly AzuriteProcess?[] _azurites;
    private readonly GrpcChannel _channel;
    private readonly string? _privateGatewayFolder;

    private LocalHost(
        WebApplication app, LocalDurableBackend backend, AzuriteProcess?[] azurites, LoopbackGateways? gateways, GrpcChannel channel, Uri apiUrl, string? privateGatewayFolder)
    {
        _app = app;
        _backend = backend;
        _azurites = azurites;
        Gateways = gateways;
        _channel = channel;
        ApiUrl = apiUrl;
        _privateGatewayFolder = privateGatewayFolder;
    }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The durable client.</summary>
    public DurableTaskClient Client => _app.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The in-process gateways, when they run here.</summary>
    public LoopbackGateways? Gateways { get; }

    /// <summary>The HTTP API's base URL.</summary>
    public Uri ApiUrl { get; }

    /// <summary>
    /// Where the pages of what this host sends are, for the lines a command prints: this host's own URL, or, when it
    /// is a second host on a folder whose own host (serve, say) holds the folder's port, that host's, which serves the
    /// same storage and outlives this command.
    /// </summary>
    public Uri PagesUrl { get; private init; } = null!;

    /// <summary>The local mail sink every email goes to (listed at <c>/mailbox</c>).</summary>
    public required MailSink MailSink { get; init; }

    /// <summary>Where the local analytics data set lives.</summary>
    public string AnalyticsDatabase { get; private init; } = string.Empty;

    /// <summary>The data folder (full path).</summary>
    public string DataDirectory { get; private init; } = string.Empty;

    /// <summary>This folder's durable task hub (Azure Storage backend).</summary>
    public string TaskHub { get; private init; } = string.Empty;

    /// <summary>The gateway and mail-sink settings of this host, for <c>notify worker --gateways-config</c>.</summary>
    public string ClientConfigFile { get; private init; } = string.Empty;

    /// <summary>Activities this process ran to completion.</summary>
    public long ActivitiesCompleted => _backend.ActivitiesCompleted;

    /// <summary>The durable task hub's history table, when the backend is Azure Storage.</summary>
    public Azure.Data.Tables.TableClient? HistoryTable { get; private init; }

    /// <summary>The task hub's partition table (who owns which control queue), when the backend is Azure Storage.</summary>
    public Azure.Data.Tables.TableClient? PartitionTable { get; private init; }

    public static async Task<LocalHost> StartAsync(LocalHostOptions options, Action<string> say, CancellationToken cancellationToken)
    {
        AzuriteProcess? azurite = null;
        AzuriteProcess? registryAzurite = null;
        string storage;
        string? devicesStorage = null;
        LocalFolderState state;
        bool primary;
        string data;
        using (var folder = await LocalFolder.OpenAsync(options.DataDirectory, options.NewFolderApiPort, cancellationToken))
        {
            data = folder.Directory;
            if (options.StorageConnectionString is null)
            {
                var location = options.AzuriteDataDirectory is { } dir ? Path.GetFullPath(dir) : null;
                (azurite, registryAzurite) = await FolderAzurites.StartAsync(folder, location, say, cancellationToken);
                storage = folder.State.Azurite.ConnectionString;
                devicesStorage = folder.State.Registry.ConnectionString;
            }
            else
            {
                storage = options.StorageConnectionString;
            }

            // A port asked for is the folder's from now on: the approval links sent from here will point at it.
            if (options.HttpPort > 0 && options.HttpPort != folder.State.ApiPort)
            {
                folder.State.ApiPort = options.HttpPort;
                folder.Save();
            }

            (state, primary) = (folder.State, folder.IsPrimary);
        }

        try
        {
            return await StartOnAsync(options, data, state, primary, storage, devicesStorage, [azurite, registryAzurite], say, cancellationToken);
        }
        catch
        {
            foreach (var started in new[] { azurite, registryAzurite })
            {
                if (started is not null)
                {
                    await started.DisposeAsync();
                }
            }

            throw;
        }
    }

    private static async Task<LocalHost> StartOnAsync(
        LocalHostOptions options, string data, LocalFolderState state, bool primary, string storage, string? devicesStorage, AzuriteProcess?[] azurites,
        Action<string> say, CancellationToken cancellationToken)
    {
        if (options.Backend == DurableBackendKind.AzureStorage)
        {
            say($"task hub: {state.TaskHub} ({state.PartitionCount} partitions; data folder {data})");
        }

        // A second host on a folder whose host still runs keeps its gateway files apart, or it would swap the
        // running host's CA and keys under it.
        var gatewayFolder = LocalServices.SecretsDirectory(data, primary ? "gateways" : $"gateways-{Environment.ProcessId}");
        LoopbackGateways? gateways = null;
        var endpoints = new Dictionary<string, string?>();
        if (options.GatewayConfigFile is { } file)
        {
            endpoints = new Dictionary<string, string?>(await LocalServices.ReadEndpointsAsync(file, cancellationToken));
            say($"gateways: using {endpoints.GetValueOrDefault("Fcm:BaseUrl")} and {endpoints.GetValueOrDefault("Apns:BaseUrl")} from {file}");
        }
        else if (!options.ConfiguredGateways)
        {
            gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Recording = RecordingMode.Compact, Latency = options.GatewayLatency }, cancellationToken);
            endpoints = new Dictionary<string, string?>(gateways.WriteClientConfiguration(gatewayFolder));
        }

        // The approval links point at the folder's API port, so it is fixed before the host starts. Only serve
        // insists on it; a demo or send finding it taken (by serve on the same folder, say) listens elsewhere.
        var httpPort = options.HttpPort > 0 ? options.HttpPort : state.ApiPort;
        if (!PortBlocks.IsFree(httpPort))
        {
            if (options.StableApiPort || options.HttpPort > 0)
            {
                throw new LocalFolderException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"data folder {data}: its API port {httpPort} is taken (approval links point at it); stop what listens there, or pass --port"));
            }

            httpPort = FreePorts.Next();
        }

        var mailSink = MailSink.Start();
        endpoints[LocalServices.SmtpPortKey] = mailSink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var clientConfig = Path.Combine(gatewayFolder, LocalServices.ClientConfigFileName);
        LocalServices.WriteEndpoints(clientConfig, endpoints);
        var configuration = await LocalServices.ConfigurationAsync(
            data, endpoints, storage, devicesStorage, new Uri($"http://127.0.0.1:{httpPort}/"), cancellationToken);

        var loggers = LoggerFactory.Create(l => l.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(options.LogLevel));
        var hub = new DurableHub(state.TaskHub, state.PartitionCount, primary ? "host" : $"host-{Environment.ProcessId}");
        var backend = await LocalDurableBackend.StartAsync(options, storage, hub, loggers, cancellationToken);
        var channel = GrpcChannel.ForAddress(backend.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders().AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(options.LogLevel)
            // ASP.NET's own request lines carry the raw path, and an approval link's path is its credential: the
            // request log below writes the redacted one instead, and every provider scrubs tokens from what it writes.
            .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.Logging.RedactApprovalLinks();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, httpPort, l => l.Protocols = HttpProtocols.Http1));
        builder.Services.AddNotificationsCore().AddLocalAdapters();

        // Loopback only, and only loopback names: a page on another site that resolves its own name to 127.0.0.1
        // (DNS rebinding) gets a 400 instead of the development user's session.
        builder.Services.AddHostFiltering(o =>
        {
            o.AllowedHosts = ["127.0.0.1", "localhost", "[::1]"];
            o.AllowEmptyHosts = false;
            o.IncludeFailureMessage = true;
        });
        builder.Services.AddLocalDurableWorker(channel, options);

        // The meters that go to Azure Monitor in Azure, as Prometheus text at /metrics here (loopback only, like the
        // rest of the local host).
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(DeliveryMetrics.Name).AddPrometheusExporter());
        if (options.WatchBatches)
        {
            builder.Services.AddHostedService<BatchWatcher>();
        }

        if (options.RunCohortTimers)
        {
            builder.Services.AddHostedService<CohortTimers>();
        }

        var app = builder.Build();
        if (options.NotReadyAtStart is { } starting)
        {
            app.Services.GetRequiredService<HostReadiness>().NotReady(starting);
        }
        app.UseHostFiltering();
        app.UseRedactedRequestLog();
        app.MapNotificationsApi();
        app.MapMailbox(mailSink);
        app.MapPrometheusScrapingEndpoint("/metrics");

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LocalHost(app, backend, azurites, gateways, channel, new Uri(address), primary ? null : gatewayFolder)
        {
            AzuritesInMemory = options.AzuriteDataDirectory is null,
            PagesUrl = primary || httpPort == state.ApiPort || PortBlocks.IsFree(state.ApiPort)
                ? new Uri(address)
                : new Uri(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http://127.0.0.1:{state.ApiPort}/")),
            MailSink = mailSink,
            AnalyticsDatabase = Path.Combine(data, "analytics.duckdb"),
            DataDirectory = data,
            TaskHub = state.TaskHub,
            ClientConfigFile = clientConfig,
            HistoryTable = options.Backend == DurableBackendKind.AzureStorage ? new Azure.Data.Tables.TableClient(storage, state.TaskHub + "History") : null,
            PartitionTable = options.Backend == DurableBackendKind.AzureStorage ? new Azure.Data.Tables.TableClient(storage, state.TaskHub + "Partitions") : null,
        };
    }

    /// <summary>Whether this host's Azurites keep their data in memory only (nothing a graceful stop would save).</summary>
    internal bool AzuritesInMemory { get; init; }

    public async ValueTask DisposeAsync()
    {
        // In-memory Azurites end at once, side by side with the host's own stop, so the whole stop stays inside 5 s on
        // a busy machine; a persisted one ends after the host has let go of it.
        var azurites = _azurites.OfType<AzuriteProcess>().ToList();
        var ending = AzuritesInMemory ? Task.WhenAll(azurites.Select(a => a.DisposeAsync().AsTask())) : Task.CompletedTask;
        try
        {
            // Past the budget the rest is left to the end of the process; the Azurites are ended either way.
            await StopAsync().WaitAsync(StopBudget + StopBudget);
        }
        catch (Exception ex) when (ex is TimeoutException || AzuritesInMemory)
        {
            // Stopping took too long, or its storage went first: a stopped host's work resumes on the next start or
            // elsewhere after the queue visibility anyway.
        }
        finally
        {
            await ending;
            await Task.WhenAll(azurites.Select(a => a.DisposeAsync().AsTask()));
        }
    }

    private async Task StopAsync()
    {
        using (var deadline = new CancellationTokenSource(StopBudget))
        {
            await _app.StopAsync(deadline.Token);
        }

        await _app.DisposeAsync();
        _channel.Dispose();
        await _backend.DisposeAsync();
        if (Gateways is not null)
        {
            await Gateways.DisposeAsync();
        }

        if (MailSink is not null)
        {
            await MailSink.DisposeAsync();
        }

        if (_privateGatewayFolder is not null)
        {
            Directory.Delete(_privateGatewayFolder, recursive: true);
        }
    }
}
