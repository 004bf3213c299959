using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Notifications.Core.Configuration;

/// <summary>
/// Refuses to start when a setting still holds a Key Vault reference instead of its secret. App Service leaves the
/// literal <c>@Microsoft.KeyVault(...)</c> in place when the secret is missing or the identity may not read it, and
/// that string passes a "not empty" check: the FCM key would then fail on the first push of a send, not at start.
/// </summary>
public sealed class SecretReferencesValidator : IValidateOptions<SecretReferences>
{
    private const string Marker = "@Microsoft.KeyVault(";
    private readonly IConfiguration _configuration;

    /// <summary>Creates the validator over the app's configuration.</summary>
    public SecretReferencesValidator(IConfiguration configuration) => _configuration = configuration;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SecretReferences options)
    {
        var unresolved = _configuration.AsEnumerable()
            .Where(pair => pair.Value?.TrimStart().StartsWith(Marker, StringComparison.OrdinalIgnoreCase) == true)
            .Select(pair => $"{pair.Key} ({pair.Value!.Trim()})")
            .Order(StringComparer.Ordinal)
            .ToList();
        return unresolved.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"unresolved Key Vault reference(s): {string.Join(", ", unresolved)}. Set the secret in the vault " +
                "(docs/deploy.md, 'Set the secrets'), check the app identity has Key Vault Secrets User, then restart.");
    }
}
