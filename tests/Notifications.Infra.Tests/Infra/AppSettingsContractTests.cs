using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Notifications.Core.Approvals;
using Notifications.Infra.Tests.Infrastructure;

namespace Notifications.Infra.Tests.Infra;

/// <summary>
/// The Bicep sets every setting the app reads, and nothing the app does not know: the keys of the function app
/// module's <c>appSettings</c> variable against <c>local.settings.sample.json</c>.
/// </summary>
public sealed partial class AppSettingsContractTests
{
    /// <summary>Sample settings that only make sense on a developer's machine, with what Azure uses instead.</summary>
    private static readonly Dictionary<string, string> LocalOnly = new()
    {
        ["AzureWebJobsStorage"] = "AzureWebJobsStorage__accountName + __credential (managed identity)",
        ["Storage__ConnectionString"] = "Storage__BlobServiceUri / Storage__TableServiceUri (managed identity)",
        ["Storage__DevicesConnectionString"] = "Storage__DevicesTableServiceUris (managed identity)",
        ["Fcm__ServiceAccountJsonPath"] = "Fcm__ServiceAccountJson from Key Vault",
        ["Apns__PrivateKeyPath"] = "Apns__PrivateKeyPem from Key Vault",
        ["Audience__BigQuery__ServiceAccountJsonPath"] = "Audience__BigQuery__ServiceAccountJson from Key Vault",
        ["Fcm__TrustedCertificatePath"] = "the real gateways have public certificates",
        ["Apns__TrustedCertificatePath"] = "the real gateways have public certificates",
        ["Email__Acs__TrustedCertificatePath"] = "the real gateways have public certificates",
        ["Audience__BigQuery__TrustedCertificatePath"] = "the real gateways have public certificates",
        ["AppUsers__TrustedCertificatePath"] = "the real issuer's discovery document and keys have public certificates",
        ["Identity__DevelopmentUserName"] = "notify serve signs requests in as this user; Azure takes the user from App Service Authentication",
        ["Identity__DevelopmentUserEmail"] = "notify serve signs requests in as this user; Azure takes the user from App Service Authentication",
        ["Identity__DevelopmentUserObjectId"] = "notify serve signs requests in as this user; Azure takes the user from App Service Authentication",
        ["Email__Smtp__Host"] = "Azure sends through Communication Services (Email__Provider=Acs)",
        ["Email__Smtp__Port"] = "Azure sends through Communication Services",
        ["Email__Smtp__Security"] = "Azure sends through Communication Services",
        ["Email__Smtp__Username"] = "Azure sends through Communication Services",
        ["Email__Smtp__Password"] = "Azure sends through Communication Services",
        ["Audience__DuckDb__DatabasePath"] = "Azure queries BigQuery (Audience__Engine=BigQuery)",
        ["FUNCTIONS_WORKER_RUNTIME"] = "Flex Consumption takes the runtime from functionAppConfig; Elastic Premium gets it in platformSettings",
    };

    /// <summary>Identity-based replacements that the sample (a connection string) does not list.</summary>
    private static readonly string[] AzureOnly = ["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential"];

    /// <summary>Host and platform settings the Functions runtime reads (never the app's own configuration).</summary>
    private static readonly string[] PlatformKeys =
    [
        "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID",
        "DURABLE_TASK_SCHEDULER_CONNECTION_STRING", "DOTNET_GCgen0size", "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION", "DOTNET_GCGen1MaxBudget",
    ];

    /// <summary>Named like a secret (…Json) but holds the app-user issuer's public keys (a JWKS document), so it is a plain value.</summary>
    private const string PublicKeysSetting = "AppUsers__SigningKeysJson";

    [Fact]
    public async Task AppSettings_ComparedWithSample_SameKeys()
    {
        var appSettings = await FunctionAppVariableAsync("appSettings");
        var expected = SampleSettings.Keys.Where(k => !LocalOnly.ContainsKey(k) && !IsApproverKey(k)).Concat(AzureOnly).ToHashSet(StringComparer.Ordinal);

        var actual = appSettings.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

        Assert.True(expected.SetEquals(actual),
            "missing in infra/modules/functionapp.bicep appSettings: " + string.Join(", ", expected.Except(actual).Order()) +
            "; unknown to the app: " + string.Join(", ", actual.Except(expected).Order()));
    }

    [Fact]
    public void LocalOnly_EveryEntry_IsInTheSample()
    {
        // A stale exemption would hide a setting the Bicep should set.
        var stale = LocalOnly.Keys.Except(SampleSettings.Keys).ToList();

        Assert.Empty(stale);
    }

    [Fact]
    public async Task ApproverSettings_ForEachApprover_SetEveryApproverProperty()
    {
        var expression = (await FunctionAppVariableAsync("approverSettings")).GetValue<string>();
        var keys = ArmExpression.CreateObjectKeys(expression).Where(k => k.StartsWith("format(", StringComparison.Ordinal)).Select(ArmExpression.Literal).ToHashSet();

        var expected = typeof(Approver).GetProperties().Select(p => $"Approvals__Approvers__{{0}}__{p.Name}").ToHashSet();

        Assert.Equal(expected.Order(), keys.Order());
        Assert.Equal(expected.Count, SampleSettings.Keys.Count(k => k.StartsWith("Approvals__Approvers__", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TestUserSettings_ForEachTestUser_SetEveryTestUserProperty()
    {
        var expression = (await FunctionAppVariableAsync("testUserSettings")).GetValue<string>();
        var keys = ArmExpression.CreateObjectKeys(expression).Where(k => k.StartsWith("format(", StringComparison.Ordinal)).Select(ArmExpression.Literal).ToHashSet();

        var expected = typeof(TestUser).GetProperties().Where(p => p.CanWrite).Select(p => $"Approvals__TestUsers__{{0}}__{p.Name}").ToHashSet();

        Assert.Equal(expected.Order(), keys.Order());
        Assert.Equal(expected.Count, SampleSettings.Keys.Count(k => k.StartsWith("Approvals__TestUsers__", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PlatformSettings_OnlyHostSettings_NeverAppConfiguration()
    {
        var expression = (await FunctionAppVariableAsync("platformSettings")).GetValue<string>();
        var keys = ArmExpression.CreateObjectKeys(expression).Select(ArmExpression.Literal).ToList();
        var appSettings = (await FunctionAppVariableAsync("appSettings")).AsObject().Select(p => p.Key).ToHashSet();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(
            PlatformKeys.Contains(key) || key.StartsWith("AzureFunctionsJobHost__extensions__durableTask__", StringComparison.Ordinal),
            $"platformSettings sets {key}, which is not a host setting"));
        Assert.Empty(keys.Intersect(appSettings));
    }

    [Fact]
    public async Task SettingsResource_Properties_UnionOfTheFourVariables()
    {
        var template = await FunctionAppTemplateAsync();
        var settings = template["resources"]!.AsObject().Select(r => r.Value!).Single(r => (string?)r["type"] == "Microsoft.Web/sites/config");

        Assert.Equal("[union(variables('appSettings'), variables('approverSettings'), variables('testUserSettings'), variables('platformSettings'))]", (string?)settings["properties"]);
    }

    [Fact]
    public async Task KeyVaultReferences_EverySecret_IsASecretOfTheKeyVaultModule()
    {
        var appSettings = (await FunctionAppVariableAsync("appSettings")).AsObject();
        var main = await BicepCli.MainTemplateAsync();
        var secretNames = main["resources"]!["keyVault"]!["properties"]!["template"]!["resources"]!.AsObject()
            .Select(r => r.Value!)
            .Where(r => (string?)r["type"] == "Microsoft.KeyVault/vaults/secrets")
            .Select(r => ArmExpression.Literal(((string)r["name"]!).Split(',').Last()))
            .ToHashSet();
        var referenced = appSettings.Select(p => SecretName().Match(p.Value!.ToString())).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(5, referenced.Count);
        Assert.All(referenced, secret => Assert.Contains(secret, secretNames));
    }

    [Fact]
    public async Task AppSettings_Secrets_AreKeyVaultReferencesNeverValues()
    {
        var appSettings = (await FunctionAppVariableAsync("appSettings")).AsObject();
        var secrets = appSettings.Where(p => p.Key != PublicKeysSetting)
            .Where(p => p.Key.EndsWith("Json", StringComparison.Ordinal) || p.Key.EndsWith("Pem", StringComparison.Ordinal)
                || p.Key.EndsWith("SigningKeys", StringComparison.Ordinal) || p.Key == "Email__Acs__ConnectionString").ToList();

        Assert.Equal(5, secrets.Count);
        Assert.All(secrets, p => Assert.Contains("@Microsoft.KeyVault(VaultName=", p.Value!.ToString(), StringComparison.Ordinal));
        Assert.All(appSettings, p => Assert.DoesNotMatch(AccountKey(), p.Value!.ToString()));
    }

    [Fact]
    public async Task AppSettings_ApprovalSigningKeys_OneSecretReplacesTheSingleKey()
    {
        var appSettings = (await FunctionAppVariableAsync("appSettings")).AsObject();

        Assert.False(appSettings.ContainsKey("Approvals__SigningKey"));
        Assert.Contains("SecretName=approval-link-signing-keys)", appSettings["Approvals__SigningKeys"]!.ToString(), StringComparison.Ordinal);
    }

    private static bool IsApproverKey(string key) =>
        key.StartsWith("Approvals__Approvers__", StringComparison.Ordinal) || key.StartsWith("Approvals__TestUsers__", StringComparison.Ordinal);

    private static async Task<JsonObject> FunctionAppTemplateAsync()
    {
        var main = await BicepCli.MainTemplateAsync();
        return main["resources"]!["functionApp"]!["properties"]!["template"]!.AsObject();
    }

    private static async Task<JsonNode> FunctionAppVariableAsync(string name) =>
        (await FunctionAppTemplateAsync())["variables"]?[name]
        ?? throw new InvalidOperationException($"infra/modules/functionapp.bicep has no variable {name} in the compiled template (a variable that uses resource properties is inlined; pass them as parameters)");

    [GeneratedRegex(@"SecretName=([a-z0-9-]+)\)")]
    private static partial Regex SecretName();

    [GeneratedRegex("AccountKey=|accesskey=|SharedAccessSignature=", RegexOptions.IgnoreCase)]
    private static partial Regex AccountKey();
}
