using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Core.Devices;
using Notifications.Core.Identity;
using Notifications.Core.Tests.Infrastructure;
using Notifications.Local.Demo;
using Notifications.Local.Hosting;
using Notifications.Local.Tests;

namespace Notifications.Security.Tests.Infrastructure;

/// <summary>
/// One <c>notify serve</c>-style local host for the HTTP attacks: Azurite, the durable backend, the loopback gateways
/// and app-user issuer, the SMTP sink, DuckDB with demo analytics data, and every log line it writes.
/// </summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    public const int Users = 60;

    public LocalTestEnvironment Environment { get; } = new();

    internal LocalHost Host { get; private set; } = null!;

    /// <summary>Every line the host logged, Information and up.</summary>
    internal CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        await Environment.InitializeAsync();
        Host = await LocalHost.StartAsync(new LocalHostOptions
        {
            DataDirectory = Path.Combine(Environment.Directory, "security"),
            StorageConnectionString = Environment.Azurite.ConnectionString,
            GatewayConfigFile = Environment.GatewayConfigFile,
            LogLevel = LogLevel.Information,
            // Everything at Information for this provider (the host wraps it in the redacting one), ASP.NET's raw
            // request lines included (the test run lowers the default to Warning): no token may reach it anyway.
            ConfigureLogging = logging => logging.ClearProviders().AddProvider(Logs)
                .AddFilter<Notifications.Core.Diagnostics.RedactingLoggerProvider>(null, LogLevel.Information),
        }, _ => { }, CancellationToken.None);
        var now = TimeProvider.System.GetUtcNow();
        await DemoData.SeedAsync(Host.Services.GetRequiredService<IDeviceRegistry>(), Users, invalidPermille: 0, now, _ => { }, CancellationToken.None);
        await AnalyticsData.GenerateAsync(Host.AnalyticsDatabase, Users, DateOnly.FromDateTime(now.UtcDateTime), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Environment.DisposeAsync();
    }

    /// <summary>A client of the host's API.</summary>
    public HttpClient Client() => new() { BaseAddress = Host.ApiUrl };

    /// <summary>A client signed in as <paramref name="email"/>, the way App Service injects a principal.</summary>
    public HttpClient SignedIn(string name, string email)
    {
        var http = Client();
        http.DefaultRequestHeaders.Add(ClientPrincipal.Header, ClientPrincipal.Encode(name, email));
        return http;
    }

    /// <summary>A client of an app whose user <paramref name="userId"/> signed in with the app's issuer.</summary>
    public HttpClient AppUser(string userId)
    {
        var http = Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.Gateways.AppUsers.Issue(userId));
        return http;
    }

    public static StringContent Json(string json, string contentType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>A valid campaign request body with <paramref name="query"/> as its audience query.</summary>
    public static string CampaignBody(string query, string deepLink = "https://social.example/artists/42") =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            title = "Artist joined",
            audienceQuery = query,
            message = new { title = "A famous artist just joined", body = "Follow them now.", deepLink },
            platforms = new[] { "android", "ios" },
        });
}

[CollectionDefinition(Name)]
public sealed class LocalHostCollection : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host";
}
