using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Adapters.Local.Audience.DuckDb;
using Notifications.Adapters.Local.Email.Smtp;
using Notifications.Adapters.Local.Experiments.Readout;
using Notifications.Core.Audience;
using Notifications.Core.Email;

namespace Notifications.Adapters.Local.DependencyInjection;

/// <summary>Registers the local-only adapters beside <c>AddNotificationsCore()</c> in the hosts that run on one machine.</summary>
public static class LocalAdapterServiceCollectionExtensions
{
    /// <summary>
    /// Adds the DuckDB audience engine (with the experiment tables its readouts load) and the SMTP sender, keyed by
    /// <see cref="AudienceEngine.DuckDb"/> and <see cref="EmailProvider.Smtp"/>: Core's ports resolve them when
    /// <c>Audience:Engine</c> or <c>Email:Provider</c> names them, and Core's start-up check finds them registered.
    /// </summary>
    public static IServiceCollection AddLocalAdapters(this IServiceCollection services)
    {
        services.AddOptions<DuckDbOptions>().BindConfiguration(DuckDbOptions.Section).ValidateDataAnnotations();
        services.AddOptions<SmtpEmailOptions>().BindConfiguration(SmtpEmailOptions.Section).ValidateDataAnnotations();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AudienceOptions>, LocalOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, LocalOptionsValidator>());
        services.TryAddSingleton<LocalExperimentTables>();
        services.TryAddKeyedSingleton<IAudienceSource, DuckDbAudienceSource>(AudienceEngine.DuckDb);
        services.TryAddKeyedSingleton<IEmailSender, SmtpEmailSender>(EmailProvider.Smtp);
        return services;
    }
}
