using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Notifications.Gateways.Tests.Apns;

public sealed class ApnsGatewayTests : IAsyncLifetime
{
    private const string Body = """{"aps":{"alert":{"title":"t","body":"b"}}}""";
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private LoopbackGateways _gateways = null!;
    private GatewayClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Time = _time });
        _client = new GatewayClient(_gateways);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateways.DisposeAsync();
    }

    private string ProviderToken(DateTimeOffset? iat = null, ECDsa? key = null, string? team = null, string? kid = null) => GatewayClient.Jwt(
        $$"""{"alg":"ES256","kid":"{{kid ?? _gateways.ApnsKey.KeyId}}"}""",
        $$"""{"iss":"{{team ?? _gateways.ApnsKey.TeamId}}","iat":{{(iat ?? _time.GetUtcNow()).ToUnixTimeSeconds()}}}""",
        GatewayClient.Es256(key ?? _gateways.ApnsKey.Key));

    private static string DeviceToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private async Task<(HttpStatusCode Status, string? Reason)> PushAsync(
        string? jwt, string? token = null, string body = Body, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateways.Apns.BaseUrl, "3/device/" + (token ?? DeviceToken())))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (jwt is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "bearer " + jwt);
        }

        request.Headers.TryAddWithoutValidation("apns-topic", "com.example.social");
        request.Headers.TryAddWithoutValidation("apns-push-type", "alert");
        headers?.Invoke(request.Headers);
        using var response = await _client.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Push_ValidRequest_200AndRecorded()
    {
        var token = DeviceToken();

        var (status, reason) = await PushAsync(ProviderToken(), token, headers: h => h.TryAddWithoutValidation("apns-collapse-id", "c1"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(reason);
        Assert.Equal("c1", Assert.Single(_gateways.Recorder.Records).CollapseId);
    }

    [Fact]
    public async Task Push_NoProviderToken_MissingProviderToken() =>
        Assert.Equal((HttpStatusCode.Forbidden, "MissingProviderToken"), await PushAsync(null));

    [Fact]
    public async Task Push_TokenOlderThanAnHour_ExpiredProviderToken() =>
        Assert.Equal((HttpStatusCode.Forbidden, "ExpiredProviderToken"), await PushAsync(ProviderToken(_time.GetUtcNow().AddMinutes(-61))));

    [Fact]
    public async Task Push_TokenAgesPastAnHour_ExpiredProviderToken()
    {
        var jwt = ProviderToken();
        Assert.Equal(HttpStatusCode.OK, (await PushAsync(jwt)).Status);

        _time.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal((HttpStatusCode.Forbidden, "ExpiredProviderToken"), await PushAsync(jwt));
    }

    [Fact]
    public async Task Push_SignedByAnotherKeyOrTeam_InvalidProviderToken()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Equal((HttpStatusCode.Forbidden, "InvalidProviderToken"), await PushAsync(ProviderToken(key: other)));
        Assert.Equal((HttpStatusCode.Forbidden, "InvalidProviderToken"), await PushAsync(ProviderToken(team: "OTHERTEAM1")));
        Assert.Equal((HttpStatusCode.Forbidden, "InvalidProviderToken"), await PushAsync(ProviderToken(kid: "OTHERKEY01")));
    }

    [Fact]
    public async Task Push_TokenChangedTwiceWithin20MinutesOnOneConnection_TooManyProviderTokenUpdates()
    {
        Assert.Equal(HttpStatusCode.OK, (await PushAsync(ProviderToken())).Status);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await PushAsync(ProviderToken())).Status);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(((HttpStatusCode)429, "TooManyProviderTokenUpdates"), await PushAsync(ProviderToken()));
    }

    [Theory]
    [InlineData("apns-priority", "7", "BadPriority")]
    [InlineData("apns-expiration", "tomorrow", "BadExpirationDate")]
    [InlineData("apns-id", "not-a-uuid", "BadMessageId")]
    [InlineData("apns-push-type", "shout", "InvalidPushType")]
    [InlineData("apns-collapse-id", "0123456789012345678901234567890123456789012345678901234567890123456789", "BadCollapseId")]
    public async Task Push_BadHeader_400WithReason(string header, string value, string reason)
    {
        var result = await PushAsync(ProviderToken(), headers: h =>
        {
            h.Remove(header);
            h.TryAddWithoutValidation(header, value);
        });

        Assert.Equal((HttpStatusCode.BadRequest, reason), result);
    }

    [Fact]
    public async Task Push_PayloadOver4096Bytes_PayloadTooLarge()
    {
        var body = """{"aps":{"alert":"x"},"pad":""" + "\"" + new string('x', 4100) + "\"}";

        Assert.Equal(((HttpStatusCode)413, "PayloadTooLarge"), await PushAsync(ProviderToken(), body: body));
    }

    [Fact]
    public async Task Push_EmptyOrNoAps_Rejected()
    {
        Assert.Equal((HttpStatusCode.BadRequest, "PayloadEmpty"), await PushAsync(ProviderToken(), body: ""));
        Assert.Equal((HttpStatusCode.BadRequest, "BadPayload"), await PushAsync(ProviderToken(), body: """{"alert":"x"}"""));
    }

    [Fact]
    public async Task Push_TopicNotServed_TopicDisallowed()
    {
        var result = await PushAsync(ProviderToken(), headers: h =>
        {
            h.Remove("apns-topic");
            h.TryAddWithoutValidation("apns-topic", "com.other");
        });

        Assert.Equal((HttpStatusCode.BadRequest, "TopicDisallowed"), result);
    }

    [Fact]
    public async Task Push_OverHttp11_Refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateways.Apns.BaseUrl, "3/device/" + DeviceToken()))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(Body),
        };

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _client.Http.SendAsync(request));
    }
}
