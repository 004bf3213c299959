using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Audience;
using Notifications.Core.Audience.BigQuery;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Apns;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Campaigns;
using Notifications.Core.Cohorts;
using Notifications.Core.Devices;
using Notifications.Core.Email;
using Notifications.Core.Email.Acs;
using Notifications.Core.Identity;
using Notifications.Core.Storage;

namespace Notifications.Core.DependencyInjection;

/// <summary>Registers Notifications.Core so that each host's Program.cs stays a few lines.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds everything Core needs, with options bound from configuration and validated at start.</summary>
    public static IServiceCollection AddNotificationsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<Configuration.SecretReferences>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Configuration.SecretReferences>, Configuration.SecretReferencesValidator>());
        services.AddPushDelivery();
        services.AddStorage();
        services.AddBatchSend();
        services.AddEmail();
        services.AddAudience();
        services.AddCampaigns();
        services.AddCohorts();
        services.AddIdentity();
        return services;
    }

    /// <summary>
    /// Adds who-is-calling: signed-in people (App Service Authentication, or the development user locally) and app
    /// users (the JWT a device registration carries). Both are checked at start.
    /// </summary>
    public static IServiceCollection AddIdentity(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AppUserOptions>().BindConfiguration(AppUserOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<CallerResolver>();
        services.AddHttpClient(AppUserTokens.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(sp => GatewayHttpHandler.Create(sp.GetRequiredService<IOptions<AppUserOptions>>().Value.TrustedCertificatePath));
        services.TryAddSingleton<AppUserTokens>();
        return services;
    }

    /// <summary>Adds the scheduled cohort campaigns; their definitions and schedules are checked at start.</summary>
    public static IServiceCollection AddCohorts(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CohortOptions>().BindConfiguration(CohortOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CohortOptions>, CohortOptionsValidator>();
        services.TryAddSingleton<CohortScheduler>();
        services.TryAddSingleton<CohortPreparer>();
        services.TryAddSingleton<Api.CohortApi>();
        services.TryAddSingleton<CohortPages>();
        return services;
    }

    /// <summary>
    /// Adds the email port as <c>Email:Provider</c> says: ACS over REST here; any other provider is the
    /// <see cref="IEmailSender"/> a host's adapters registered keyed by that <see cref="EmailProvider"/> value.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AcsEmailOptions>().BindConfiguration(AcsEmailOptions.Section).ValidateDataAnnotations();
        services.TryAddSingleton<ChosenOptionsValidator>();
        services.AddSingleton<IValidateOptions<EmailOptions>>(sp => sp.GetRequiredService<ChosenOptionsValidator>());
        services.AddHttpClient(AcsEmailSender.Provider)
            .ConfigurePrimaryHttpMessageHandler(sp => GatewayHttpHandler.Create(sp.GetRequiredService<IOptions<AcsEmailOptions>>().Value.TrustedCertificatePath));
        services.TryAddSingleton<IEmailSender>(sp =>
        {
            var provider = sp.GetRequiredService<IOptions<EmailOptions>>().Value.Provider;
            return provider == EmailProvider.Acs
                ? ActivatorUtilities.CreateInstance<AcsEmailSender>(sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(AcsEmailSender.Provider))
                : sp.GetRequiredKeyedService<IEmailSender>(provider);
        });
        return services;
    }

    /// <summary>
    /// Adds the audience query port as <c>Audience:Engine</c> says: BigQuery over REST here; any other engine is the
    /// <see cref="IAudienceSource"/> a host's adapters registered keyed by that <see cref="AudienceEngine"/> value.
    /// </summary>
    public static IServiceCollection AddAudience(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AudienceOptions>().BindConfiguration(AudienceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BigQueryOptions>().BindConfiguration(BigQueryOptions.Section).ValidateDataAnnotations();
        services.TryAddSingleton<ChosenOptionsValidator>();
        services.AddSingleton<IValidateOptions<AudienceOptions>>(sp => sp.GetRequiredService<ChosenOptionsValidator>());
        services.AddHttpClient("bigquery", (sp, http) => http.Timeout = sp.GetRequiredService<IOptions<BigQueryOptions>>().Value.PollTimeout + TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(sp => GatewayHttpHandler.Create(sp.GetRequiredService<IOptions<BigQueryOptions>>().Value.TrustedCertificatePath));
        services.TryAddSingleton<IAudienceSource>(sp =>
        {
            var engine = sp.GetRequiredService<IOptions<AudienceOptions>>().Value.Engine;
            if (engine != AudienceEngine.BigQuery)
            {
                return sp.GetRequiredKeyedService<IAudienceSource>(engine);
            }

            var o = sp.GetRequiredService<IOptions<BigQueryOptions>>().Value;
            var tokens = new ServiceAccountTokenSource(o.ReadServiceAccountJson(), o.TokenUri, [BigQueryOptions.Scope], o.TrustedCertificatePath,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ServiceAccountTokenSource>>());
            return ActivatorUtilities.CreateInstance<BigQueryAudienceSource>(sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient("bigquery"), tokens);
        });
        return services;
    }

    /// <summary>Adds ad-hoc campaigns and their approval flow.</summary>
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddOptions<MessageOptions>().BindConfiguration(MessageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApprovalOptions>, ApproverIdentityValidator>());
        services.TryAddSingleton<CampaignStore>();
        services.TryAddSingleton<Approvals.Review.CampaignReviewStore>();
        services.TryAddSingleton<Approvals.Review.CampaignReviewBuilder>();
        services.TryAddSingleton<CampaignAuditLog>();
        services.TryAddSingleton<CampaignService>();
        services.TryAddSingleton<ApprovalLinkSigner>();
        services.TryAddSingleton<CampaignPreparer>();
        services.TryAddSingleton<Approvals.Testing.TestPushPreparer>();
        services.TryAddSingleton<Approvals.Testing.TestPushRecorder>();
        services.TryAddSingleton<Approvals.Testing.TestPushResultStore>();
        services.TryAddSingleton<ApprovalMailer>();
        services.TryAddSingleton<CampaignEventRecorder>();
        services.TryAddSingleton<ApprovalLinkEndpoint>();
        services.TryAddSingleton<ComponentRenderer>();
        services.TryAddSingleton<ApprovalEmails>();
        services.TryAddSingleton<CampaignPages>();
        services.TryAddSingleton<SendPage>();
        services.TryAddSingleton<AudiencePreviewer>();
        services.TryAddSingleton<Api.HostReadiness>();
        services.TryAddSingleton<Api.CampaignApi>();
        services.TryAddSingleton<Api.CampaignTestApi>();
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
        services.TryAddSingleton<BatchStartIndex>();
        services.TryAddSingleton<BatchStateStore>();
        services.TryAddSingleton<BatchPages>();
        services.TryAddSingleton<BatchScanner>();
        services.TryAddSingleton<ShardStore>();
        services.TryAddSingleton<ShardPlanner>();
        services.TryAddSingleton<WaveReleaser>();
        services.TryAddSingleton<Delivery.RateLimits.SendRateLimiter>();
        services.AddOptions<Delivery.RateLimits.RateLimitOptions>().BindConfiguration(Delivery.RateLimits.RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Timing.QuietHoursOptions>().BindConfiguration(Timing.QuietHoursOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Contacts.FrequencyCapOptions>().BindConfiguration(Contacts.FrequencyCapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Contacts.ContactHistory>();
        services.TryAddSingleton<ChunkSender>();
        services.TryAddSingleton<InvalidTokenRemover>();
        services.TryAddSingleton<BatchService>();
        services.TryAddSingleton<Api.BatchApi>();
        services.TryAddSingleton<Api.DeviceApi>();
        services.TryAddSingleton<Experiments.Events.OutcomeEventStore>();
        services.TryAddSingleton<Api.OutcomeEventApi>();
        services.TryAddSingleton<Experiments.Readout.ExperimentReadoutService>();
        services.TryAddSingleton<Api.ReadoutApi>();
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

        // Singletons, so the in-flight bounds are process-wide; each client owns its HTTP/2 connections, which live
        // as long as the process (Apple treats churn as abuse). No HttpClientFactory request logging: an APNs
        // request URI carries the device token; the clients log failures themselves, tokens redacted.
        services.TryAddSingleton<FcmClient>();
        services.TryAddSingleton<ApnsClient>();
        services.TryAddSingleton<IPushSender, PushDispatcher>();
        return services;
    }
}
