using System.Text.Json.Nodes;

namespace Notifications.Infra.Tests.Infrastructure;

/// <summary>
/// What a deployment of <c>infra/main.bicep</c> with given parameters would send to Azure, from <c>bicep snapshot</c>:
/// the template evaluated offline, modules and loops expanded, into the predicted resources (ids, names, properties)
/// and outputs. Values Azure only knows once a resource exists (an endpoint, a principal id) stay
/// <c>reference(...)</c> expressions naming that resource.
/// </summary>
internal sealed class DeploymentSnapshot
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000001";
    public const string ResourceGroup = "rg-notifications";
    public const string Location = "westeurope";

    /// <summary>The parameters main.bicep requires, with placeholder values.</summary>
    private const string RequiredParameters = """
        param authClientId = '00000000-0000-0000-0000-000000000000'
        param fcmProjectId = 'my-firebase-project'
        param apnsTeamId = 'ABCDE12345'
        param apnsKeyId = 'FGHIJ67890'
        param apnsTopic = 'com.example.social'
        param bigQueryProjectId = 'my-analytics-project'
        """;

    private DeploymentSnapshot(JsonNode snapshot)
    {
        Resources = snapshot["predictedResources"]!.AsArray().Select(r => r!).ToList();
        Outputs = snapshot["outputs"]!.AsObject();
    }

    public IReadOnlyList<JsonNode> Resources { get; }

    public JsonObject Outputs { get; }

    /// <summary>The resource id of <paramref name="type"/> <paramref name="name"/> in the snapshot's resource group.</summary>
    public static string ResourceId(string type, string name) =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/{type}/{name}";

    /// <summary>Resources of one type.</summary>
    public IEnumerable<JsonNode> OfType(string type) => Resources.Where(r => (string?)r["type"] == type);

    /// <summary>
    /// Snapshots main.bicep with the required parameters plus <paramref name="parameters"/> (bicepparam lines such as
    /// <c>param registryAccounts = 6</c>); fails on any diagnostic.
    /// </summary>
    public static async Task<DeploymentSnapshot> CreateAsync(string parameters)
    {
        var directory = Directory.CreateTempSubdirectory("notify-snapshot-");
        try
        {
            // A parameters file must name its template by a relative path.
            var template = Path.GetRelativePath(directory.FullName, Repository.PathOf("infra/main.bicep")).Replace('\\', '/');
            var file = Path.Combine(directory.FullName, "deployment.bicepparam");
            await File.WriteAllTextAsync(file, $"using '{template}'\n{RequiredParameters}\n{parameters}\n");

            var result = await BicepCli.RunAsync(
                "snapshot", file, "--mode", "overwrite", "--subscription-id", SubscriptionId, "--resource-group", ResourceGroup, "--location", Location);

            Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.ToString());
            var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(file, ".snapshot.json")))
                ?? throw new InvalidOperationException("bicep snapshot wrote no snapshot");
            Assert.True(snapshot["diagnostics"]!.AsArray().Count == 0, snapshot["diagnostics"]!.ToJsonString());
            return new DeploymentSnapshot(snapshot);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
