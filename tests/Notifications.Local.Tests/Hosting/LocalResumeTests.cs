using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Batches;
using Notifications.Local.Hosting;

namespace Notifications.Local.Tests.Hosting;

/// <summary>
/// An operator's resume over the local HTTP API, on the durable Azure Storage backend (Azurite): the ended send's
/// instance is replaced by its next run, which pushes only what the first run did not.
/// </summary>
public sealed class LocalResumeTests(LocalTestEnvironment environment) : IClassFixture<LocalTestEnvironment>, IAsyncLifetime
{
    private LocalHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // No watcher: the test decides when the send starts.
        _host = await environment.StartHostAsync("resume-host");
        _http = new HttpClient { BaseAddress = _host.ApiUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Resume_CancelledBeforeItsChunksRan_SecondRunSendsEveryDeviceOnce()
    {
        string[] tokens = [new('a', 64), new('b', 64), "fcm-resume-u3:APA91b"];
        (string User, string Platform, string Token)[] devices = [("r1", "ios", tokens[0]), ("r2", "ios", tokens[1]), ("r3", "android", tokens[2])];
        foreach (var (user, platform, token) in devices)
        {
            using var register = new HttpRequestMessage(HttpMethod.Post, "api/devices/register")
            {
                Content = JsonContent.Create(new { platform, token, appId = "com.example.social" }),
                Headers = { Authorization = new("Bearer", environment.Gateways.AppUsers.Issue(user)) },
            };
            using var registered = await _http.SendAsync(register);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var batches = _host.Services.GetRequiredService<BatchService>();
        var etag = await batches.UploadAsync("resume/r.json", Encoding.UTF8.GetBytes(
            """{"campaignId":"resume-check","message":{"title":"Back again"},"audience":{"users":["r1","r2","r3"]}}"""));
        var batchId = BatchInstanceIds.For("resume/r.json", etag);

        // The cancel lands before any chunk runs, so the first run ends Cancelled having sent nothing.
        await _host.Services.GetRequiredService<BatchStateStore>().MarkCancelledAsync(batchId, "test operator", CancellationToken.None);
        using var started = await _http.PostAsJsonAsync("api/batches", new { blobName = "resume/r.json" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var first = await LocalTestEnvironment.WaitForSummaryAsync(_http, batchId, "cancelled");

        using var resumed = await _http.PostAsync($"api/batches/{batchId}/resume", null);
        var second = await LocalTestEnvironment.WaitForSummaryAsync(_http, batchId, "completed");
        using var again = await _http.PostAsync($"api/batches/{batchId}/resume", null);

        Assert.Equal(0, first.GetProperty("counts").GetProperty("sent").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await resumed.Content.ReadAsStringAsync()).RootElement.GetProperty("run").GetInt32());
        Assert.Equal(3, second.GetProperty("counts").GetProperty("sent").GetInt32());
        Assert.All(tokens, token => Assert.Single(environment.Gateways.Recorder.Records, r => r.Token == token));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("every device already has its outcome", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
