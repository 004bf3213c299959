using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Apns;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Devices;
using Notifications.Core.Storage;

namespace Notifications.Core.DependencyInjection;

/// <summary>Registers Notifications.Core so that each host's Program.cs stays a few lines.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds everything Core needs, with options bound from configuration and validated at start.</summary>
    public static IServiceCollection AddNotificationsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddPushDelivery();
        services.AddStorage();
        services.AddBatchSend();
        return services;
    }

    /// <summary>Adds the storage account's clients and the device registry.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<StorageClients>();
        services.TryAddSingleton<IDeviceRegistry, TableDeviceRegistry>();
        return services;
    }

    /// <summary>Adds the batch send: planner, chunk sender, ledger, state and the service the triggers call.</summary>
    public static IServiceCollection AddBatchSend(this IServiceCollection services)
    {
        services.AddOptions<BatchOptions>().BindConfiguration(BatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ChunkStore>();
        services.TryAddSingleton<BatchWorkStore>();
        services.TryAddSingleton<DeliveryLedger>();
        services.TryAddSingleton<BatchStateStore>();
        services.TryAddSingleton<BatchPlanner>();
        services.TryAddSingleton<ChunkSender>();
        services.TryAddSingleton<InvalidTokenRemover>();
        services.TryAddSingleton<BatchService>();
        services.TryAddSingleton<Api.BatchApi>();
        services.TryAddSingleton<Api.DeviceApi>();
        return services;
    }

    /// <summary>Adds the FCM and APNs clients and the <see cref="IPushSender"/> over them.</summary>
    public static IServiceCollection AddPushDelivery(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FcmOptions>().BindConfiguration(FcmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApnsOptions>().BindConfiguration(ApnsOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton<IGoogleAccessTokenSource>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<FcmOptions>>().Value;
            return new ServiceAccountTokenSource(
                o.ReadServiceAccountJson(), o.TokenUri, [FcmOptions.Scope], o.TrustedCertificatePath,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ServiceAccountTokenSource>>());
        });
        services.TryAddSingleton<ApnsProviderToken>();

        // Named clients with handlers that live forever: HTTP/2 connections are meant to stay open (Apple treats
        // churn as abuse), and the clients are singletons so their in-flight bounds are process-wide.
        AddGatewayHttpClient<FcmOptions>(services, FcmClient.Provider);
        AddGatewayHttpClient<ApnsOptions>(services, ApnsClient.Provider);
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<FcmClient>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(FcmClient.Provider)));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<ApnsClient>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(ApnsClient.Provider)));
        services.TryAddSingleton<IPushSender, PushDispatcher>();
        return services;
    }

    private static void AddGatewayHttpClient<TOptions>(IServiceCollection services, string name)
        where TOptions : GatewayClientOptions
    {
        services.AddHttpClient(name, (sp, http) => http.Timeout = sp.GetRequiredService<IOptions<TOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => GatewayHttpHandler.Create(sp.GetRequiredService<IOptions<TOptions>>().Value.TrustedCertificatePath))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
    }
}
