using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Adapters.Local.Audience.DuckDb;
using Notifications.Adapters.Local.Email.Smtp;
using Notifications.Core.Audience;
using Notifications.Core.Email;

namespace Notifications.Adapters.Local.DependencyInjection;

/// <summary>
/// Validates, at start, the settings of the local engine or provider when configuration chooses it, and only then:
/// a run on BigQuery and ACS need not configure DuckDB or SMTP.
/// </summary>
internal sealed class LocalOptionsValidator(IServiceProvider services) : IValidateOptions<AudienceOptions>, IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, AudienceOptions options) =>
        options.Engine == AudienceEngine.DuckDb ? Resolve<DuckDbOptions>() : ValidateOptionsResult.Skip;

    public ValidateOptionsResult Validate(string? name, EmailOptions options) =>
        options.Provider == EmailProvider.Smtp ? Resolve<SmtpEmailOptions>() : ValidateOptionsResult.Skip;

    private ValidateOptionsResult Resolve<T>()
        where T : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<T>>().Value;
            return ValidateOptionsResult.Success;
        }
        catch (OptionsValidationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Failures);
        }
    }
}
