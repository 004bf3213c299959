using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Notifications.Infra.Tests.Infrastructure;

namespace Notifications.Infra.Tests.Infra;

/// <summary>
/// App Service Authentication (infra/modules/appservice-auth.bicep): every request needs an Entra sign-in except the
/// doors that carry their own credential (signed approval links, app-user JWTs, function keys, the Event Grid
/// webhook's system key) and the health check.
/// </summary>
public sealed partial class AuthenticationTests
{
    /// <summary>The excluded paths, exactly: each is a door with its own credential.</summary>
    private static readonly string[] DoorsWithTheirOwnCredential =
    [
        "/approvals/*", "/api/devices/*", "/api/events", "/api/batches", "/api/batches/*", "/api/cohorts", "/api/cohorts/*", "/api/health",
        "/runtime/webhooks/blobs",
    ];

    /// <summary>Anonymous HTTP routes (to the Functions host) that may skip sign-in, with their own credential.</summary>
    private static readonly Dictionary<string, string> AnonymousDoors = new()
    {
        ["approvals/"] = "the signed, single-approver link",
        ["api/devices/"] = "the app user's JWT (AppUsers__*)",
        ["api/events"] = "the app user's JWT (AppUsers__*)",
        ["api/health"] = "nothing to protect: a liveness answer",
    };

    [Fact]
    public async Task GlobalValidation_AnyRequest_RequiresSignIn()
    {
        var properties = await AuthPropertiesAsync();
        var validation = properties["globalValidation"]!;

        Assert.True((bool)properties["platform"]!["enabled"]!);
        Assert.True((bool)validation["requireAuthentication"]!);
        Assert.Equal("RedirectToLoginPage", (string?)validation["unauthenticatedClientAction"]);
        Assert.NotEqual("AllowAnonymous", (string?)validation["unauthenticatedClientAction"]);
        Assert.Equal("azureactivedirectory", (string?)validation["redirectToProvider"]);
    }

    [Fact]
    public async Task IdentityProvider_Entra_TheClientIdParameterWithoutASecret()
    {
        var main = await BicepCli.MainTemplateAsync();
        var provider = (await AuthPropertiesAsync())["identityProviders"]!["azureActiveDirectory"]!;
        var registration = provider["registration"]!.AsObject();
        var moduleParameters = main["resources"]!["auth"]!["properties"]!["parameters"]!;

        Assert.True((bool)provider["enabled"]!);
        Assert.Equal("[parameters('clientId')]", (string?)registration["clientId"]);
        Assert.Equal("[parameters('authClientId')]", (string?)moduleParameters["clientId"]!["value"]);
        Assert.Null(main["parameters"]!["authClientId"]!["defaultValue"]);
        Assert.Equal("[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, parameters('tenantId'))]", (string?)registration["openIdIssuer"]);
        Assert.Equal("[parameters('authTenantId')]", (string?)moduleParameters["tenantId"]!["value"]);
        Assert.Equal("[tenant().tenantId]", (string?)main["parameters"]!["authTenantId"]!["defaultValue"]);
        // ID-token sign-in: no client secret setting, so no secret exists to store or leak.
        Assert.Equal(new[] { "clientId", "openIdIssuer" }, registration.Select(p => p.Key).Order());
        Assert.Equal(
            new[] { "[format('api://{0}', parameters('clientId'))]", "[parameters('clientId')]" },
            provider["validation"]!["allowedAudiences"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public async Task ExcludedPaths_Compared_ExactlyTheDoorsWithTheirOwnCredential()
    {
        var excluded = await ExcludedPathsAsync();

        Assert.Equal(DoorsWithTheirOwnCredential.Order(), excluded.Order());
        Assert.DoesNotContain(excluded, entry => entry.StartsWith("/campaigns", StringComparison.Ordinal) || entry.StartsWith("/api/campaigns", StringComparison.Ordinal));
        // An entry is an exact path or a "/prefix/*" (the documented syntax): no other wildcard.
        Assert.All(excluded, path => Assert.Matches(PathSyntax(), path));
    }

    [Theory]
    [InlineData("/campaigns/new")]
    [InlineData("/campaigns/3f9a0c1d")]
    [InlineData("/api/campaigns")]
    [InlineData("/api/campaigns/3f9a0c1d")]
    [InlineData("/api/campaigns/3f9a0c1d/audit")]
    [InlineData("/")]
    [InlineData("/runtime/webhooks/durabletask/instances")]
    public async Task ExcludedPaths_CampaignPagesApiAndTheRest_NotExcluded(string path)
    {
        var excluded = await ExcludedPathsAsync();

        Assert.False(IsExcluded(excluded, path), $"{path} must require sign-in");
    }

    [Fact]
    public async Task ExcludedPaths_EventGridWebhookOfTheBlobTrigger_Excluded()
    {
        // Event Grid cannot sign in: without the exclusion, every batch upload would be refused at the door.
        var main = await BicepCli.MainTemplateAsync();
        var subscription = Resources(main["resources"]!["eventGrid"]!["properties"]!["template"]!)
            .Single(r => (string?)r["type"] == "Microsoft.EventGrid/systemTopics/eventSubscriptions");
        var endpoint = (string)subscription["properties"]!["destination"]!["properties"]!["endpointUrl"]!;
        var path = WebhookPath().Match(endpoint);

        Assert.True(path.Success, endpoint);
        Assert.True(IsExcluded(await ExcludedPathsAsync(), path.Groups[1].Value), $"{path.Groups[1].Value} needs sign-in");
    }

    [Fact]
    public async Task ExcludedPaths_EveryHttpRoute_ExcludedOnlyWhenItHasItsOwnCredential()
    {
        // Against the HTTP triggers in src/Notifications.Functions: a function-key route must be reachable by a
        // machine (excluded), and an anonymous route is excluded only when it is a door with its own credential.
        var excluded = await ExcludedPathsAsync();
        var routes = HttpRoutes().ToList();

        Assert.NotEmpty(routes);
        Assert.All(routes, route =>
        {
            var path = "/" + RouteParameter().Replace(route.Route, "x");
            var door = route.Level == "Function" || AnonymousDoors.Keys.Any(prefix => route.Route.StartsWith(prefix, StringComparison.Ordinal));
            Assert.True(door == IsExcluded(excluded, path),
                $"{route.Route} ({route.Level}) is {(door ? "a door with its own credential and must be excluded" : "a staff page or API and must require sign-in")}");
        });
        Assert.Contains(routes, r => r.Route.StartsWith("campaigns/", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.Route.StartsWith("api/campaigns", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HttpSettings_Https_Required()
    {
        var properties = await AuthPropertiesAsync();

        Assert.True((bool)properties["httpSettings"]!["requireHttps"]!);
    }

    [Fact]
    public async Task Module_Ordering_AfterTheFunctionAppAndItsSettings()
    {
        // Two sites/config writes to one app at once can conflict; the settings are in the functionApp module.
        var main = await BicepCli.MainTemplateAsync();

        Assert.Contains("functionApp", main["resources"]!["auth"]!["dependsOn"]!.AsArray().Select(d => (string?)d));
    }

    /// <summary>The documented matching: an exact path, or "/prefix/*" for every path below the prefix.</summary>
    private static bool IsExcluded(IEnumerable<string> excluded, string path) =>
        excluded.Any(entry => entry.EndsWith("/*", StringComparison.Ordinal)
            ? path.StartsWith(entry[..^1], StringComparison.Ordinal)
            : path == entry);

    private static async Task<JsonObject> AuthPropertiesAsync()
    {
        var main = await BicepCli.MainTemplateAsync();
        var resource = Resources(main["resources"]!["auth"]!["properties"]!["template"]!)
            .Single(r => (string?)r["type"] == "Microsoft.Web/sites/config" && ((string?)r["name"])!.Contains("'authsettingsV2'", StringComparison.Ordinal));
        return resource["properties"]!.AsObject();
    }

    private static async Task<List<string>> ExcludedPathsAsync() =>
        (await AuthPropertiesAsync())["globalValidation"]!["excludedPaths"]!.AsArray().Select(p => (string)p!).ToList();

    // A nested template lists its resources as an array, or as an object by symbolic name (language version 2.0).
    private static IEnumerable<JsonNode> Resources(JsonNode template) =>
        template["resources"] is JsonArray array ? array.Select(r => r!) : template["resources"]!.AsObject().Select(r => r.Value!);

    private static IEnumerable<(string Level, string Route)> HttpRoutes() =>
        Directory.EnumerateFiles(Repository.PathOf("src/Notifications.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => HttpTrigger().Matches(File.ReadAllText(file)))
            .Select(m => (m.Groups["level"].Value, m.Groups["route"].Value));

    [GeneratedRegex(@"^/[a-z/]+(/\*)?$")]
    private static partial Regex PathSyntax();

    [GeneratedRegex(@"^\[format\('https://\{0\}(/[^?']*)\?")]
    private static partial Regex WebhookPath();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"HttpTrigger\(AuthorizationLevel\.(?<level>\w+)[^)]*?Route\s*=\s*""(?<route>[^""]+)""")]
    private static partial Regex HttpTrigger();
}
