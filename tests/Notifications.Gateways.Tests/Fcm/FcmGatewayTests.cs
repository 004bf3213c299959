using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Notifications.Gateways.Tests.Fcm;

public sealed class FcmGatewayTests : IAsyncLifetime
{
    private LoopbackGateways _gateways = null!;
    private GatewayClient _client = null!;
    private string _accessToken = null!;

    public async Task InitializeAsync()
    {
        _gateways = await LoopbackGateways.StartAsync();
        _client = new GatewayClient(_gateways);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var assertion = GatewayClient.Jwt(
            """{"alg":"RS256","typ":"JWT"}""",
            $$"""{"iss":"{{_gateways.ServiceAccount.ClientEmail}}","scope":"https://www.googleapis.com/auth/firebase.messaging","aud":"https://oauth2.googleapis.com/token","iat":{{now}},"exp":{{now + 3600}}}""",
            GatewayClient.Rs256(_gateways.ServiceAccount.Key));
        using var response = await _client.Http.PostAsync(_gateways.OAuth.TokenUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["assertion"] = assertion,
        }));
        _accessToken = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateways.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string body, string? accessToken = null, string project = "notifications-loopback")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateways.Fcm.BaseUrl, $"v1/projects/{project}/messages:send"))
        {
            Version = HttpVersion.Version20,
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken ?? _accessToken);
        using var response = await _client.Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Send_ValidMessage_ReturnsMessageName()
    {
        var (status, body) = await SendAsync("""{"message":{"token":"abc","notification":{"title":"t"},"android":{"collapse_key":"c"}}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("projects/notifications-loopback/messages/", body.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("c", Assert.Single(_gateways.Recorder.Records).CollapseId);
    }

    [Fact]
    public async Task Send_UnknownBearer_401WithoutFcmError()
    {
        var (status, body) = await SendAsync("""{"message":{"token":"abc"}}""", accessToken: "ya29.forged");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("UNAUTHENTICATED", body.GetProperty("error").GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("error").GetProperty("details").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"message":{"token":"a","topic":"news"}}""", "Exactly one of token, topic or condition")]
    [InlineData("""{"message":{"token":"a","data":{"n":1}}}""", "message.data[n].value")]
    [InlineData("""{"message":{"token":"a","android":{"ttl":"3600"}}}""", "message.android.ttl")]
    [InlineData("""{"message":{"token":"a","android":{"priority":"urgent"}}}""", "message.android.priority")]
    [InlineData("""{"message":{"token":"a","fcm_options":{"analytics_label":"has spaces"}}}""", "message.fcm_options.analytics_label")]
    [InlineData("""{"message":{"token":"a","fcm_options":{"analytics_label":"a123456789a123456789a123456789a123456789a123456789x"}}}""", "message.fcm_options.analytics_label")]
    [InlineData("""{"message":"#}""", "Invalid JSON payload")]
    [InlineData("""{"nomessage":{}}""", "'message' is required")]
    public async Task Send_InvalidMessage_400InvalidArgumentNamingTheField(string json, string expected)
    {
        var (status, body) = await SendAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ARGUMENT", body.GetProperty("error").GetProperty("status").GetString());
        Assert.Contains(expected, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _gateways.Recorder.Accepted);
    }

    [Fact]
    public async Task Send_MessageOver4KB_Rejected()
    {
        var (status, body) = await SendAsync("""{"message":{"token":"a","data":{"pad":""" + "\"" + new string('x', 4100) + "\"}}}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("too big", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_FailEveryNthConfigured_EveryNthIs503()
    {
        _gateways.Options.FailEveryNth = 3;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await SendAsync($$$"""{"message":{"token":"t{{{i}}}"}}""")).Status);
        }

        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(4, _gateways.Recorder.Accepted);
    }
}
