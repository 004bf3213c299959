using System.Text.Json;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.DependencyInjection;
using Notifications.Gateways;

namespace Notifications.Local.Hosting;

/// <summary>
/// What the local host and a <c>notify worker</c> joining its task hub share: the configuration Core runs with and
/// the durable worker registration, so that an activity behaves the same in whichever process takes it.
/// </summary>
internal static class LocalServices
{
    /// <summary>The file, in a host's gateway secrets folder, that tells other processes where its stand-ins listen.</summary>
    public const string ClientConfigFileName = "client-config.json";

    /// <summary>
    /// Core's configuration on this machine. <paramref name="endpoints"/> are the gateway and mail-sink settings (of
    /// this process, or read from the host's <see cref="ClientConfigFileName"/>); every value yields to a
    /// NOTIFY_-prefixed environment variable (NOTIFY_Fcm__ProjectId, ...).
    /// </summary>
    public static async Task<IConfiguration> ConfigurationAsync(
        string data, IReadOnlyDictionary<string, string?> endpoints, string storage, string? devicesStorage, Uri publicBaseUrl, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
        };
        foreach (var (key, value) in endpoints)
        {
            settings[key] = value;
        }

        settings["Storage:ConnectionString"] = storage;
        settings["Storage:DevicesConnectionString"] = devicesStorage;

        // Azurite answers a table query by scanning the whole table (Table storage uses the partition key), so the
        // registry gets a table per partition here: the same sharding code Azure runs across accounts (scale.md).
        settings["Storage:DeviceTablesPerAccount"] = devicesStorage is null ? null : "1024";
        settings["Approvals:PublicBaseUrl"] = publicBaseUrl.ToString();
        settings["Approvals:SigningKeys"] = await SigningKeysAsync(data, cancellationToken);
        settings["Approvals:Approvers:0:Email"] = "approver@social.example";
        settings["Approvals:Approvers:0:Name"] = "Ada Approver";
        settings["Approvals:Approvers:0:UserId"] = "demo-approver";
        settings["Approvals:Approvers:0:ObjectId"] = DemoApproverObjectId;
        settings["Approvals:TestUsers:0:UserId"] = DemoTestUserId;
        settings["Approvals:TestUsers:0:Name"] = "QA phones";
        settings["Identity:DevelopmentUserObjectId"] = DevelopmentUserObjectId;
        settings["Email:Provider"] = "Smtp";
        settings["Email:From"] = "notifications@social.example";
        settings["Audience:Engine"] = "DuckDb";
        settings["Identity:Mode"] = "Development";
        settings["Audience:DuckDb:DatabasePath"] = Path.Combine(data, "analytics.duckdb");
        return new ConfigurationBuilder()
            .AddInMemoryCollection(settings)
            .AddEnvironmentVariables("NOTIFY_")
            .Build();
    }

    /// <summary>The local approver's object id (as Entra ID would give it; four eyes compares it).</summary>
    public const string DemoApproverObjectId = "0000ada0-0000-4000-8000-00000000d001";

    /// <summary>The development user's object id.</summary>
    public const string DevelopmentUserObjectId = "00000de0-0000-4000-8000-00000000d002";

    /// <summary>The local host's one allow-listed test user (QA phones a test push may go to).</summary>
    public const string DemoTestUserId = "demo-qa";

    /// <summary>The mail sink's port among the endpoints: the processes joining a host send their mail to its sink.</summary>
    public const string SmtpPortKey = "Email:Smtp:Port";

    /// <summary>Core's orchestrators and activities on a durable worker over the sidecar at <paramref name="channel"/>, and a client.</summary>
    public static IServiceCollection AddLocalDurableWorker(this IServiceCollection services, GrpcChannel channel, LocalHostOptions options)
    {
        services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry => registry.AddNotificationsTasks());
            worker.UseGrpc(channel);
            worker.Configure(o =>
            {
                o.Concurrency.MaximumConcurrentActivityWorkItems = options.MaxConcurrentActivities;
                o.Concurrency.MaximumConcurrentOrchestrationWorkItems = 32;
            });
        });
        services.AddDurableTaskClient(client => client.UseGrpc(channel));
        return services;
    }

    /// <summary>Reads a <see cref="ClientConfigFileName"/> (or a <c>notify gateways</c> one).</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> ReadEndpointsAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(await File.ReadAllTextAsync(file, cancellationToken))
                ?? throw new InvalidOperationException($"{file} holds no gateway configuration");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{file} is not a gateway configuration (JSON, line {ex.LineNumber + 1})", ex);
        }
    }

    /// <summary>Writes the endpoints other processes need, owner-only: it names the key files and holds the ACS key.</summary>
    public static void WriteEndpoints(string file, IReadOnlyDictionary<string, string?> endpoints) =>
        LoopbackGateways.WritePrivate(file, JsonSerializer.Serialize(endpoints));

    /// <summary>A folder for key files, readable by this user only.</summary>
    public static string SecretsDirectory(string data, string? child = null)
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
}
