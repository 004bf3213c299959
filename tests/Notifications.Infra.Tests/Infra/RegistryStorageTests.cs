using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Notifications.Infra.Tests.Infrastructure;

namespace Notifications.Infra.Tests.Infra;

/// <summary>
/// The device registry's own storage accounts (main.bicep <c>registryAccounts</c>, infra/modules/registry-storage.bicep),
/// checked on what a deployment would create (<see cref="DeploymentSnapshot"/>): as many accounts as asked for, hardened
/// like the main account, table access for the app identity and nothing more, and their table endpoints in
/// <c>Storage__DevicesTableServiceUris</c>. With none, the setting stays as it was: the given endpoints, else the main
/// account's.
/// </summary>
public sealed partial class RegistryStorageTests
{
    private const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    /// <summary>Registry accounts the template does not create (devicesTableServiceUris).</summary>
    private const string ExternalEndpoints = "https://regexta.table.core.windows.net/,https://regextb.table.core.windows.net/";

    // The longest baseName (11 characters) and a SKU other than the default, so that names and SKU are tested at the edge.
    private static readonly Lazy<Task<DeploymentSnapshot>> SixAccounts = new(() => DeploymentSnapshot.CreateAsync($"""
        param baseName = 'notifprod01'
        param storageSku = 'Standard_ZRS'
        param registryAccounts = 6
        param devicesTableServiceUris = '{ExternalEndpoints}'
        """));

    private static readonly Lazy<Task<DeploymentSnapshot>> NoAccounts = new(() => DeploymentSnapshot.CreateAsync(string.Empty));

    private static readonly Lazy<Task<DeploymentSnapshot>> NoAccountsExternalEndpoints =
        new(() => DeploymentSnapshot.CreateAsync($"param devicesTableServiceUris = '{ExternalEndpoints}'"));

    [Fact]
    public async Task StorageAccounts_SixRegistryAccounts_SixMoreAccountsHardenedLikeTheMainOne()
    {
        var snapshot = await SixAccounts.Value;
        var main = MainAccount(snapshot);
        var registry = RegistryAccounts(snapshot);

        Assert.Equal(6, registry.Count);
        Assert.Equal("Standard_ZRS", (string?)main["sku"]!["name"]);
        Assert.All(registry, account =>
        {
            Assert.Equal("StorageV2", (string?)account["kind"]);
            Assert.True(JsonNode.DeepEquals(main["sku"], account["sku"]), $"{account["name"]}: sku {account["sku"]}");
            Assert.True(JsonNode.DeepEquals(main["properties"], account["properties"]), $"{account["name"]}: {account["properties"]}");
            Assert.Equal((string?)main["location"], (string?)account["location"]);
            Assert.True(JsonNode.DeepEquals(main["tags"], account["tags"]));
        });
        // What "like the main one" means, said once more explicitly: identity only, no anonymous blobs, TLS 1.2 over HTTPS.
        var properties = registry[0]["properties"]!;
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
    }

    [Fact]
    public async Task StorageAccounts_SixRegistryAccounts_ValidDistinctNamesInOutputOrder()
    {
        var snapshot = await SixAccounts.Value;
        var names = RegistryAccounts(snapshot).Select(a => (string)a["name"]!).ToList();
        var outputNames = snapshot.Outputs["registryAccountNames"]!.AsArray().Select(n => (string)n!).ToList();

        Assert.Equal(names, outputNames);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, name => Assert.Matches(StorageAccountName(), name));
        Assert.DoesNotContain((string)MainAccount(snapshot)["name"]!, names);
        // The two-digit index is the registry order: shard i lives in account i mod the count.
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)), names.Select(n => n[^2..]));
    }

    [Fact]
    public async Task StorageAccounts_SixRegistryAccounts_OnlyTheTableServiceInside()
    {
        // Blob containers, queues or tables of the main account's kind have no place in a registry account; the app
        // creates its registry tables itself.
        var snapshot = await SixAccounts.Value;

        Assert.All(RegistryAccounts(snapshot), account =>
        {
            var id = (string)account["id"]!;
            var children = snapshot.Resources.Where(r => ((string)r["id"]!).StartsWith(id + "/", StringComparison.Ordinal)).ToList();
            Assert.Equal("Microsoft.Storage/storageAccounts/tableServices", (string?)Assert.Single(children)["type"]);
            Assert.Equal($"{account["name"]}/default", (string?)children[0]["name"]);
        });
    }

    [Fact]
    public async Task RoleAssignments_SixRegistryAccounts_TableDataContributorForTheAppOnEachAndNothingElse()
    {
        var snapshot = await SixAccounts.Value;
        var registryIds = RegistryAccounts(snapshot).Select(a => (string)a["id"]!).ToList();
        var appPrincipal = AppPrincipal(snapshot);

        var onRegistry = snapshot.OfType(RoleAssignmentType).Where(r => registryIds.Contains(Scope(r))).ToList();

        Assert.Equal(6, onRegistry.Count);
        Assert.Equal(registryIds, onRegistry.Select(Scope));
        Assert.All(onRegistry, assignment =>
        {
            var properties = assignment["properties"]!;
            Assert.Equal(
                $"/subscriptions/{DeploymentSnapshot.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{StorageTableDataContributor}",
                (string?)properties["roleDefinitionId"]);
            Assert.Equal(appPrincipal, (string?)properties["principalId"]);
            Assert.Equal("ServicePrincipal", (string?)properties["principalType"]);
        });
    }

    [Fact]
    public async Task AppSetting_SixRegistryAccounts_JoinsTheirTableEndpointsInRegistryOrder()
    {
        var snapshot = await SixAccounts.Value;
        var setting = AppSetting(snapshot, "Storage__DevicesTableServiceUris");
        var registryIds = RegistryAccounts(snapshot).Select(a => (string)a["id"]!).ToList();

        // [join(createArray(<endpoint 0>, ..., <endpoint 5>), ',')]: the comma-separated list the app reads.
        Assert.StartsWith("[join(createArray(", setting, StringComparison.Ordinal);
        Assert.EndsWith("), ',')]", setting, StringComparison.Ordinal);
        Assert.Equal(registryIds, TableEndpointAccounts(ArmExpression.CallArguments(setting, "createArray")));
        // registryAccounts wins over devicesTableServiceUris, which is for accounts the template does not create.
        Assert.DoesNotContain("regext", setting, StringComparison.Ordinal);
        Assert.Equal("1", AppSetting(snapshot, "Storage__DeviceTablesPerAccount"));
    }

    [Fact]
    public async Task Outputs_SixRegistryAccounts_TheirTableEndpoints()
    {
        var snapshot = await SixAccounts.Value;
        var endpoints = (string)snapshot.Outputs["registryTableEndpoints"]!;

        Assert.StartsWith("[createArray(", endpoints, StringComparison.Ordinal);
        Assert.Equal(
            RegistryAccounts(snapshot).Select(a => (string)a["id"]!),
            TableEndpointAccounts(ArmExpression.CallArguments(endpoints, "createArray")));
    }

    [Fact]
    public async Task AppSetting_NoRegistryAccounts_TheMainAccountTableEndpoint()
    {
        var snapshot = await NoAccounts.Value;
        var main = MainAccount(snapshot);

        var setting = AppSetting(snapshot, "Storage__DevicesTableServiceUris");

        Assert.Empty(RegistryAccounts(snapshot));
        Assert.Equal([(string)main["id"]!], TableEndpointAccounts([setting.Trim('[', ']')]));
        Assert.Equal(AppSetting(snapshot, "Storage__TableServiceUri"), setting);
        Assert.Empty(snapshot.Outputs["registryAccountNames"]!.AsArray());
        Assert.Empty(snapshot.Outputs["registryTableEndpoints"]!.AsArray());
    }

    [Fact]
    public async Task RoleAssignments_NoRegistryAccounts_OnlyTheMainAccountAndTheVault()
    {
        var snapshot = await NoAccounts.Value;
        var scopes = snapshot.OfType(RoleAssignmentType).Select(Scope).Distinct().ToList();

        Assert.Equal(
            new[] { (string)MainAccount(snapshot)["id"]!, DeploymentSnapshot.ResourceId("Microsoft.KeyVault/vaults", (string)snapshot.Outputs["keyVaultName"]!) }.Order(),
            scopes.Order());
    }

    [Fact]
    public async Task AppSetting_NoRegistryAccountsWithEndpoints_TheGivenEndpoints()
    {
        var snapshot = await NoAccountsExternalEndpoints.Value;

        Assert.Empty(RegistryAccounts(snapshot));
        Assert.Equal(ExternalEndpoints, AppSetting(snapshot, "Storage__DevicesTableServiceUris"));
    }

    [Fact]
    public async Task Parameters_Defaults_RegistryInTheMainAccountOneTablePerAccount()
    {
        var parameters = (await BicepCli.MainTemplateAsync())["parameters"]!;
        var registryAccounts = parameters["registryAccounts"]!;
        var tablesPerAccount = parameters["deviceTablesPerAccount"]!;

        Assert.Equal(0, (int)registryAccounts["defaultValue"]!);
        Assert.Equal(0, (int)registryAccounts["minValue"]!);
        Assert.Equal(16, (int)registryAccounts["maxValue"]!);
        // In Azure the partition, not the table, is the unit of scale: more tables per account buy nothing there.
        Assert.Equal(1, (int)tablesPerAccount["defaultValue"]!);
        Assert.Equal(1024, (int)tablesPerAccount["maxValue"]!);
    }

    private static JsonNode MainAccount(DeploymentSnapshot snapshot) =>
        snapshot.OfType(StorageAccountType).Single(a => (string?)a["name"] == (string)snapshot.Outputs["storageAccountName"]!);

    private static List<JsonNode> RegistryAccounts(DeploymentSnapshot snapshot) =>
        snapshot.OfType(StorageAccountType).Where(a => (string?)a["name"] != (string)snapshot.Outputs["storageAccountName"]!).ToList();

    /// <summary>The function app's identity, as the main account's role assignments name it.</summary>
    private static string AppPrincipal(DeploymentSnapshot snapshot)
    {
        var siteId = DeploymentSnapshot.ResourceId("Microsoft.Web/sites", (string)snapshot.Outputs["functionAppName"]!);
        var principal = (string)snapshot.OfType(RoleAssignmentType).First(r => Scope(r) == (string)MainAccount(snapshot)["id"]!)["properties"]!["principalId"]!;
        Assert.StartsWith($"[reference('{siteId}', ", principal, StringComparison.Ordinal);
        Assert.EndsWith(".identity.principalId]", principal, StringComparison.Ordinal);
        return principal;
    }

    /// <summary>The scope of a role assignment: its id is <c>[extensionResourceId('&lt;scope&gt;', 'Microsoft.Authorization/roleAssignments', ...)]</c>.</summary>
    private static string Scope(JsonNode assignment) =>
        ArmExpression.Literal(ArmExpression.CallArguments((string)assignment["id"]!, "extensionResourceId")[0]);

    /// <summary>The account of each <c>reference('&lt;account id&gt;', ...).primaryEndpoints.table</c>, in order.</summary>
    private static List<string> TableEndpointAccounts(IEnumerable<string> endpoints) =>
        endpoints.Select(endpoint =>
        {
            var match = TableEndpoint().Match(endpoint);
            Assert.True(match.Success, $"not a table endpoint: {endpoint}");
            return match.Groups["id"].Value;
        }).ToList();

    private static string AppSetting(DeploymentSnapshot snapshot, string key) =>
        (string)snapshot.OfType("Microsoft.Web/sites/config").Single(c => ((string)c["name"]!).EndsWith("/appsettings", StringComparison.Ordinal))["properties"]![key]!;

    [GeneratedRegex(@"^reference\('(?<id>/subscriptions/[^']+/providers/Microsoft\.Storage/storageAccounts/[a-z0-9]+)', '[0-9-]+'\)\.primaryEndpoints\.table$")]
    private static partial Regex TableEndpoint();

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex StorageAccountName();
}
