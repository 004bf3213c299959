using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Configuration;
using Notifications.Core.DependencyInjection;

namespace Notifications.Core.Tests.Configuration;

public sealed class SecretReferencesValidatorTests
{
    [Fact]
    public void Validate_UnresolvedKeyVaultReference_FailsNamingTheSetting()
    {
        var validator = new SecretReferencesValidator(Configuration(new()
        {
            ["Fcm:ServiceAccountJson"] = "@Microsoft.KeyVault(VaultName=kv-notif;SecretName=fcm-service-account-json)",
            ["Fcm:ProjectId"] = "my-project",
        }));

        var result = validator.Validate(null, new SecretReferences());

        Assert.True(result.Failed);
        Assert.Contains("Fcm:ServiceAccountJson", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Fcm:ProjectId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ResolvedSecrets_Succeeds()
    {
        var validator = new SecretReferencesValidator(Configuration(new()
        {
            ["Fcm:ServiceAccountJson"] = """{"type":"service_account"}""",
            ["Note"] = "mentions @Microsoft.KeyVault( in the middle, which is not a reference",
        }));

        Assert.True(validator.Validate(null, new SecretReferences()).Succeeded);
    }

    [Fact]
    public void AddNotificationsCore_UnresolvedReference_StartValidationThrows()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Configuration(new() { ["Approvals:SigningKeys"] = "@Microsoft.KeyVault(VaultName=v;SecretName=s)" }));
        services.AddNotificationsCore();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SecretReferences>>().Value);

        Assert.Contains("Approvals:SigningKeys", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
