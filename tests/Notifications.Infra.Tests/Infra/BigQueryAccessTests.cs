using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Notifications.Infra.Tests.Infrastructure;

namespace Notifications.Infra.Tests.Infra;

/// <summary>
/// The audience service account's Google Cloud grants (infra/modules/bigquery-access.bicep, output bigQueryGrants):
/// read the audience dataset, run query jobs, nothing more.
/// </summary>
public sealed partial class BigQueryAccessTests
{
    private const string DataViewer = "roles/bigquery.dataViewer";
    private const string JobUser = "roles/bigquery.jobUser";

    /// <summary>Roles that would let the account read every dataset, write data, or administer BigQuery.</summary>
    private static readonly string[] Broader =
    [
        "roles/bigquery.admin", "roles/bigquery.dataEditor", "roles/bigquery.dataOwner", "roles/bigquery.user", "roles/owner", "roles/editor",
        "roles/viewer",
    ];

    [Fact]
    public async Task Grants_DataViewer_ScopedToTheAudienceDatasetNeverTheProject()
    {
        var main = await BicepCli.MainTemplateAsync();
        var grant = (await GrantsAsync()).Single(g => (string?)g["role"] == DataViewer);
        var moduleParameters = main["resources"]!["bigQueryAccess"]!["properties"]!["parameters"]!;
        var appDataset = main["resources"]!["functionApp"]!["properties"]!["parameters"]!["bigQueryDataset"]!["value"];

        Assert.Equal("dataset", (string?)grant["scope"]);
        Assert.Equal("[format('projects/{0}/datasets/{1}', parameters('projectId'), parameters('datasetId'))]", (string?)grant["resource"]);
        // The dataset granted is the one the app queries (Audience__BigQuery__DefaultDataset), in its project.
        Assert.Equal("[parameters('bigQueryProjectId')]", (string?)moduleParameters["projectId"]!["value"]);
        Assert.Equal("[parameters('bigQueryDataset')]", (string?)moduleParameters["datasetId"]!["value"]);
        Assert.Equal("[parameters('bigQueryDataset')]", (string?)appDataset);
    }

    [Fact]
    public async Task Grants_ProjectLevel_OnlyJobUser()
    {
        var grants = await GrantsAsync();
        var projectLevel = grants.Where(g => (string?)g["scope"] == "project" || !((string)g["resource"]!).Contains("/datasets/", StringComparison.Ordinal)).ToList();

        Assert.Equal(JobUser, (string?)Assert.Single(projectLevel)["role"]);
        Assert.Equal("[format('projects/{0}', parameters('projectId'))]", (string?)projectLevel[0]["resource"]);
    }

    [Fact]
    public async Task Grants_Roles_NothingBroaderThanDataViewerAndJobUser()
    {
        var roles = (await GrantsAsync()).Select(g => (string)g["role"]!).ToList();

        Assert.Equal(new[] { DataViewer, JobUser }, roles.Order());
        Assert.Empty(roles.Intersect(Broader));
    }

    [Fact]
    public async Task Output_MainTemplate_PassesTheModuleGrantsThrough()
    {
        var main = await BicepCli.MainTemplateAsync();

        Assert.Equal("[reference('bigQueryAccess').outputs.grants.value]", (string?)main["outputs"]!["bigQueryGrants"]!["value"]);
    }

    [Fact]
    public void DeployGuide_BigQueryRoles_OnlyTheGrantedOnes()
    {
        // The commands an operator copies from docs/deploy.md must not grant more than the template states.
        var text = File.ReadAllText(Repository.PathOf("docs/deploy.md"));
        var mentioned = BigQueryRole().Matches(text).Select(m => m.Value).ToHashSet();

        Assert.Equal(new[] { DataViewer, JobUser }, mentioned.Order());
    }

    private static async Task<List<JsonNode>> GrantsAsync()
    {
        var main = await BicepCli.MainTemplateAsync();
        var output = main["resources"]!["bigQueryAccess"]!["properties"]!["template"]!["outputs"]!["grants"]!["value"]!;
        return output.AsArray().Select(g => g!).ToList();
    }

    [GeneratedRegex(@"roles/bigquery\.[A-Za-z]+")]
    private static partial Regex BigQueryRole();
}
