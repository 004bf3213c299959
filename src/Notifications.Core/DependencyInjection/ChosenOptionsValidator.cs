using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Audience;
using Notifications.Core.Audience.BigQuery;
using Notifications.Core.Audience.DuckDb;
using Notifications.Core.Email;
using Notifications.Core.Email.Acs;
using Notifications.Core.Email.Smtp;

namespace Notifications.Core.DependencyInjection;

/// <summary>
/// Validates, at start, the settings of the email provider and audience engine actually chosen, and only those: a
/// local run on SMTP and DuckDB need not configure ACS or BigQuery.
/// </summary>
internal sealed class ChosenOptionsValidator(IServiceProvider services) : IValidateOptions<EmailOptions>, IValidateOptions<AudienceOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options) => options.Provider switch
    {
        "Acs" => Resolve<AcsEmailOptions>(o => string.IsNullOrWhiteSpace(o.ConnectionString) ? "Email:Acs:ConnectionString is required with Email:Provider=Acs" : null),
        "Smtp" => Resolve<SmtpEmailOptions>(_ => null),
        _ => ValidateOptionsResult.Success,
    };

    public ValidateOptionsResult Validate(string? name, AudienceOptions options) => options.Engine switch
    {
        "BigQuery" => Resolve<BigQueryOptions>(_ => null),
        "DuckDb" => Resolve<DuckDbOptions>(_ => null),
        _ => ValidateOptionsResult.Success,
    };

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
