using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Audience;
using Notifications.Core.Audience.BigQuery;
using Notifications.Core.Email;
using Notifications.Core.Email.Acs;

namespace Notifications.Core.DependencyInjection;

/// <summary>
/// Validates, at start, the settings of the email provider and audience engine actually chosen, and only those: a
/// local run on SMTP and DuckDB need not configure ACS or BigQuery. An engine or provider Core does not implement
/// must have been registered (keyed by its enum value) by the host's adapters; otherwise the host refuses to start
/// rather than fail on the first send or query. The adapters validate their own settings.
/// </summary>
internal sealed class ChosenOptionsValidator(IServiceProvider services) : IValidateOptions<EmailOptions>, IValidateOptions<AudienceOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options) => options.Provider switch
    {
        EmailProvider.Acs => Resolve<AcsEmailOptions>(o => string.IsNullOrWhiteSpace(o.ConnectionString) ? "Email:Acs:ConnectionString is required with Email:Provider=Acs" : null),
        var other => Registered<IEmailSender>(other, $"Email:Provider={other} is a local provider; this host does not include it"),
    };

    public ValidateOptionsResult Validate(string? name, AudienceOptions options) => options.Engine switch
    {
        AudienceEngine.BigQuery => Resolve<BigQueryOptions>(_ => null),
        var other => Registered<IAudienceSource>(other, $"Audience:Engine={other} is a local engine; this host does not include it"),
    };

    private ValidateOptionsResult Registered<TService>(object key, string problem) =>
        services.GetService<IServiceProviderIsKeyedService>()?.IsKeyedService(typeof(TService), key) == true
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problem);

    private ValidateOptionsResult Resolve<T>(Func<T, string?> extra)
        where T : class
    {
        try
        {
            var value = services.GetRequiredService<IOptions<T>>().Value;
            return extra(value) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
        }
        catch (OptionsValidationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Failures);
        }
    }
}
