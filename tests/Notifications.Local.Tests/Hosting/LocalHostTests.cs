using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Batches;
using Notifications.Local.Hosting;

namespace Notifications.Local.Tests.Hosting;

/// <summary>The local host's HTTP API and batches-container watcher, on real Azurite and the durable Azure Storage backend.</summary>
public sealed class LocalHostTests(LocalTestEnvironment environment) : IClassFixture<LocalTestEnvironment>, IAsyncLifetime
{
    private LocalHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await environment.StartHostAsync("host", watchBatches: true);
        _http = new HttpClient { BaseAddress = _host.ApiUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Api_RegisterDeviceThenDropBatchFile_WatcherSendsItAndStatusShowsTheSummary()
    {
        // The app signs Alice in with its own issuer; her token, not the body, says whose device it is.
        var register = new { platform = "ios", token = new string('e', 64), appId = "com.example.social" };
        using var app = new HttpClient { BaseAddress = _host.ApiUrl };
        app.DefaultRequestHeaders.Authorization = new("Bearer", environment.Gateways.AppUsers.Issue("alice"));
        using var created = await app.PostAsJsonAsync("api/devices/register", register);
        using var refreshed = await app.PostAsJsonAsync("api/devices/register", register);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        // An engineer drops a file into the batches container: the watcher starts its send.
        var batches = _host.Services.GetRequiredService<BatchService>();
        var etag = await batches.UploadAsync("manual/alice.json", Encoding.UTF8.GetBytes(
            """{"campaignId":"manual-fix","message":{"title":"Sorry about that"},"audience":{"users":["alice"]}}"""));
        var batchId = BatchInstanceIds.For("manual/alice.json", etag);

        var status = await LocalTestEnvironment.WaitForSummaryAsync(_http, batchId);

        Assert.True(string.Equals("completed", status.GetProperty("summary").GetProperty("outcome").GetString(), StringComparison.OrdinalIgnoreCase), status.ToString());
        Assert.Equal(1, status.GetProperty("counts").GetProperty("sent").GetInt32());
        Assert.Contains(environment.Gateways.Recorder.Records, r => r.Token == new string('e', 64) && r.CollapseId == "manual-fix");

        // Starting it again by HTTP finds the same send instead of a second one.
        using var again = await _http.PostAsJsonAsync("api/batches", new { blobName = "manual/alice.json" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(batchId, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("batchId").GetString());
    }

    [Fact]
    public async Task Metrics_AfterASend_PrometheusTextWithPushesChunksAndGatewayLatency()
    {
        var batches = _host.Services.GetRequiredService<BatchService>();
        var etag = await batches.UploadAsync("manual/metrics.json", Encoding.UTF8.GetBytes(
            $$$"""{"campaignId":"metrics-check","message":{"title":"Hi"},"audience":{"devices":[{"platform":"android","token":"{{{new string('m', 140)}}}"}]}}"""));
        await LocalTestEnvironment.WaitForSummaryAsync(_http, BatchInstanceIds.For("manual/metrics.json", etag));

        using var response = await _http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Matches(@"notifications_pushes_total\{[^}]*provider=""fcm""[^}]*\} [1-9]", text);
        Assert.Matches(@"notifications_batch_chunks_total(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"notifications_gateway_latency_milliseconds_bucket\{", text);
    }

    [Fact]
    public async Task BatchList_UploadSent_InTheApiTheListPageAndTheHomePageLinkingToItsPage()
    {
        var batches = _host.Services.GetRequiredService<BatchService>();
        var etag = await batches.UploadAsync("manual/listed.json", Encoding.UTF8.GetBytes(
            $$$"""{"campaignId":"list-check","message":{"title":"Hi"},"audience":{"devices":[{"platform":"android","token":"{{{new string('l', 140)}}}"}]}}"""));
        var batchId = BatchInstanceIds.For("manual/listed.json", etag);
        await LocalTestEnvironment.WaitForSummaryAsync(_http, batchId);

        using var api = await _http.GetAsync("api/batches?kind=manual&limit=100");
        var listed = JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("batches").EnumerateArray()
            .Single(b => b.GetProperty("batchId").GetString() == batchId);
        var page = await _http.GetStringAsync("batches?kind=manual&limit=100");
        var home = await _http.GetStringAsync("");
        var recent = home[home.IndexOf("id=\"recent-batches\"", StringComparison.Ordinal)..];

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal("completed", listed.GetProperty("status").GetString());
        Assert.Equal("list-check", listed.GetProperty("campaignId").GetString());
        Assert.Equal(1, listed.GetProperty("sent").GetInt64());
        Assert.Contains($"""<a href="/batches/{batchId}">manual/listed.json</a>""", page, StringComparison.Ordinal);
        Assert.Contains($"""<a href="/batches/{batchId}">manual/listed.json</a>""", recent[..recent.IndexOf("</table>", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains("""<a href="/batches" id="all-batches">""", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_InvalidRegistration_400ProblemNamingEachField()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/devices/register")
        {
            Content = new StringContent("""{"platform":"windows","token":""}""", Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", environment.Gateways.AppUsers.Issue("alice")) },
        };
        using var response = await _http.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("platform", out _));
        Assert.True(errors.TryGetProperty("token", out _));
    }

    [Theory]
    [InlineData("POST", "api/batches", """{"blobName":"nope.json"}""", HttpStatusCode.NotFound)]
    [InlineData("POST", "api/batches", """{"blob":"typo.json"}""", HttpStatusCode.BadRequest)]
    [InlineData("POST", "api/batches", "not json", HttpStatusCode.BadRequest)]
    [InlineData("GET", "api/batches/batch-unknown", null, HttpStatusCode.NotFound)]
    [InlineData("POST", "api/batches/batch-unknown/cancel", "", HttpStatusCode.NotFound)]
    [InlineData("POST", "api/devices/unregister", """{"platform":"android","token":"never-registered"}""", HttpStatusCode.NotFound)]
    public async Task Api_BadOrUnknownRequest_ClearProblem(string method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", environment.Gateways.AppUsers.Issue("bob")) },
        };

        using var response = await _http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }
}
