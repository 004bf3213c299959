using System.Net;
using System.Text.Json;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Diagnostics;
using Notifications.Gateways;
using Notifications.Gateways.Emulators;
using Notifications.Gateways.Mail;
using Notifications.Gateways.Recording;

namespace Notifications.Local.Hosting;

/// <summary>
/// The whole system on one machine, on embedded defaults: Azurite for blobs, tables and the durable task hub, the
/// durable sidecar, the loopback FCM/APNs gateways, and the same Core code and HTTP API as the Functions app.
/// Each default gives way to configuration: a storage connection string, gateways in another process, or the
/// real FCM and APNs settings.
/// </summary>
internal sealed class LocalHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LocalDurableBackend _backend;
    private readonly AzuriteProcess?[] _azurites;
    private readonly GrpcChannel _channel;

    private LocalHost(WebApplication app, LocalDurableBackend backend, AzuriteProcess?[] azurites, LoopbackGateways? gateways, GrpcChannel channel, Uri apiUrl)
    {
        _app = app;
        _backend = backend;
        _azurites = azurites;
        Gateways = gateways;
        _channel = channel;
        ApiUrl = apiUrl;
    }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The durable client.</summary>
    public DurableTaskClient Client => _app.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The in-process gateways, when they run here.</summary>
    public LoopbackGateways? Gateways { get; }

    /// <summary>The HTTP API's base URL.</summary>
    public Uri ApiUrl { get; }

    /// <summary>The local mail sink every email goes to (listed at <c>/mailbox</c>).</summary>
    public required MailSink MailSink { get; init; }

    /// <summary>Where the local analytics data set lives.</summary>
    public string AnalyticsDatabase { get; private init; } = string.Empty;

    /// <summary>The durable task hub's history table, when the backend is Azure Storage.</summary>
    public Azure.Data.Tables.TableClient? HistoryTable { get; private init; }

    public static async Task<LocalHost> StartAsync(LocalHostOptions options, Action<string> say, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(data);

        AzuriteProcess? azurite = null;
        var storage = options.StorageConnectionString;
        if (storage is null)
        {
            var location = options.AzuriteDataDirectory is { } dir ? Path.GetFullPath(dir) : null;
            azurite = await AzuriteProcess.StartAsync(location, 10000, 10001, 10002, reuseIfListening: true, say, cancellationToken);
            storage = azurite.ConnectionString;
            say(azurite.Started
                ? $"azurite: started on 127.0.0.1:10000-10002 ({(location is null ? "in memory" : "data in " + location)})"
                : "azurite: using the one already listening on 127.0.0.1:10000-10002");
        }

        // The registry gets an Azurite of its own: Azurite holds everything in one node heap, and a million
        // registry rows there make every other storage call (the task hub, the ledger) pay for the garbage collector.
        AzuriteProcess? registryAzurite = null;
        if (options.StorageConnectionString is null)
        {
            registryAzurite = await AzuriteProcess.StartAsync(null, 10010, 10011, 10012, reuseIfListening: true, say, cancellationToken);
            say(registryAzurite.Started ? "azurite (device registry): started on 127.0.0.1:10010-10012 (in memory)" : "azurite (device registry): using the one on 127.0.0.1:10010-10012");
        }

        LoopbackGateways? gateways = null;
        IReadOnlyDictionary<string, string?> gatewaySettings = new Dictionary<string, string?>();
        if (options.GatewayConfigFile is { } file)
        {
            gatewaySettings = JsonSerializer.Deserialize<Dictionary<string, string?>>(await File.ReadAllTextAsync(file, cancellationToken))
                ?? throw new InvalidOperationException($"{file} holds no gateway configuration");
            say($"gateways: using {gatewaySettings.GetValueOrDefault("Fcm:BaseUrl")} and {gatewaySettings.GetValueOrDefault("Apns:BaseUrl")} from {file}");
        }
        else if (!options.ConfiguredGateways)
        {
            gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Recording = RecordingMode.Compact }, cancellationToken);
            gatewaySettings = gateways.WriteClientConfiguration(SecretsDirectory(data, "gateways"));
        }

        // The approval links point at this host, so its port is fixed before it starts.
        var httpPort = options.HttpPort > 0 ? options.HttpPort : FreePorts.Next();
        var mailSink = MailSink.Start();
        var settings = new Dictionary<string, string?>(gatewaySettings)
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:DevicesConnectionString"] = registryAzurite?.ConnectionString,

            // Azurite answers a table query by scanning the whole table (Table storage uses the partition key), so the
            // registry gets a table per partition here: the same sharding code Azure runs across accounts (scale.md).
            ["Storage:DeviceTablesPerAccount"] = registryAzurite is null ? null : "1024",
            ["Approvals:PublicBaseUrl"] = $"http://127.0.0.1:{httpPort}/",
            ["Approvals:SigningKeys"] = await SigningKeysAsync(data, cancellationToken),
            ["Approvals:Approvers:0:Email"] = "approver@social.example",
            ["Approvals:Approvers:0:Name"] = "Ada Approver",
            ["Approvals:Approvers:0:UserId"] = "demo-approver",
            ["Email:Provider"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = mailSink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:From"] = "notifications@social.example",
            ["Audience:Engine"] = "DuckDb",
            ["Identity:Mode"] = "Development",
            ["Audience:DuckDb:DatabasePath"] = Path.Combine(data, "analytics.duckdb"),
        };

        // Every default above yields to NOTIFY_-prefixed environment variables (NOTIFY_Fcm__ProjectId, ...).
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings)
            .AddEnvironmentVariables("NOTIFY_")
            .Build();

        var loggers = LoggerFactory.Create(l => l.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(options.LogLevel));
        var backend = await LocalDurableBackend.StartAsync(options, storage, loggers, cancellationToken);
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
        builder.Services.AddNotificationsCore();

        // Loopback only, and only loopback names: a page on another site that resolves its own name to 127.0.0.1
        // (DNS rebinding) gets a 400 instead of the development user's session.
        builder.Services.AddHostFiltering(o =>
        {
            o.AllowedHosts = ["127.0.0.1", "localhost", "[::1]"];
            o.AllowEmptyHosts = false;
            o.IncludeFailureMessage = true;
        });
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry => registry.AddNotificationsTasks());
            worker.UseGrpc(channel);
            worker.Configure(o =>
            {
                o.Concurrency.MaximumConcurrentActivityWorkItems = options.MaxConcurrentActivities;
                o.Concurrency.MaximumConcurrentOrchestrationWorkItems = 32;
            });
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
        if (options.WatchBatches)
        {
            builder.Services.AddHostedService<BatchWatcher>();
        }

        if (options.RunCohortTimers)
        {
            builder.Services.AddHostedService<CohortTimers>();
        }

        var app = builder.Build();
        app.UseHostFiltering();
        app.UseRedactedRequestLog();
        app.MapNotificationsApi();
        app.MapMailbox(mailSink);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LocalHost(app, backend, [azurite, registryAzurite], gateways, channel, new Uri(address))
        {
            MailSink = mailSink,
            AnalyticsDatabase = Path.Combine(data, "analytics.duckdb"),
            HistoryTable = options.Backend == DurableBackendKind.AzureStorage ? new Azure.Data.Tables.TableClient(storage, LocalDurableBackend.TaskHub + "History") : null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
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

        foreach (var azurite in _azurites)
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The link-signing keys of this data folder: made once, kept so links survive a restart. They live in a 0700
    /// folder as a 0600 file, apart from the analytics data the query engine opens.
    /// </summary>
    private static async Task<string> SigningKeysAsync(string data, CancellationToken cancellationToken)
    {
        var path = Path.Combine(SecretsDirectory(data), "approval-signing-keys");
        if (File.Exists(path))
        {
            return (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        }

        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        LoopbackGateways.WritePrivate(path, key);
        return key;
    }

    /// <summary>A folder for key files, readable by this user only.</summary>
    internal static string SecretsDirectory(string data, string? child = null)
    {
        var path = child is null ? Path.Combine(data, "secrets") : Path.Combine(data, "secrets", child);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
