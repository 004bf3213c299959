using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Apns;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Tests.Infrastructure;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Delivery;

/// <summary>The real clients, wired by AddPushDelivery, pointed at running loopback gateways.</summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly DirectoryInfo _directory;
    private readonly CapturingLoggerProvider _logs;

    private DeliveryHarness(ServiceProvider provider, DirectoryInfo directory, CapturingLoggerProvider logs)
    {
        _provider = provider;
        _directory = directory;
        _logs = logs;
    }

    /// <summary>
    /// Retries the clients have scheduled (their RetryScheduled log, written just before they wait): a test on a fake
    /// clock waits for this before it advances, so the wait exists when the clock moves.
    /// </summary>
    public int RetriesScheduled => _logs.Count(1000);

    public IPushSender Sender => _provider.GetRequiredService<IPushSender>();

    public FcmClient Fcm => _provider.GetRequiredService<FcmClient>();

    public ApnsClient Apns => _provider.GetRequiredService<ApnsClient>();

    public IServiceProvider Services => _provider;

    /// <summary>Fast retries by default so fault tests do not sleep; tests override what they examine.</summary>
    public static DeliveryHarness Create(LoopbackGateways gateways, IDictionary<string, string?>? overrides = null, TimeProvider? time = null)
    {
        var directory = Directory.CreateTempSubdirectory("notify-tests-");
        var settings = new Dictionary<string, string?>(gateways.WriteClientConfiguration(directory.FullName))
        {
            ["Fcm:BaseRetryDelay"] = "00:00:00.010",
            ["Apns:BaseRetryDelay"] = "00:00:00.010",
            ["Fcm:QuotaBackoff"] = "00:01:00",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Debug));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddPushDelivery();
        return new DeliveryHarness(services.BuildServiceProvider(), directory, logs);
    }

    /// <summary>Resolves and validates every options class, as ValidateOnStart would at host start.</summary>
    public void ValidateOptions()
    {
        _ = _provider.GetRequiredService<IOptions<FcmOptions>>().Value;
        _ = _provider.GetRequiredService<IOptions<ApnsOptions>>().Value;
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
