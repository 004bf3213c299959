using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Notifications.Gateways.Tests.OAuth;

public sealed class OAuthGatewayTests : IAsyncLifetime
{
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

    private string Assertion(RSA? key = null, string? iss = null, string aud = "https://oauth2.googleapis.com/token", long? iat = null, long lifetime = 3600, string alg = "RS256")
    {
        var now = iat ?? _time.GetUtcNow().ToUnixTimeSeconds();
        return GatewayClient.Jwt(
            $$"""{"alg":"{{alg}}","typ":"JWT","kid":"{{_gateways.ServiceAccount.KeyId}}"}""",
            $$"""{"iss":"{{iss ?? _gateways.ServiceAccount.ClientEmail}}","scope":"https://www.googleapis.com/auth/firebase.messaging","aud":"{{aud}}","iat":{{now}},"exp":{{now + lifetime}}}""",
            GatewayClient.Rs256(key ?? _gateways.ServiceAccount.Key));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string assertion, string grant = "urn:ietf:params:oauth:grant-type:jwt-bearer")
    {
        using var response = await _client.Http.PostAsync(_gateways.OAuth.TokenUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grant,
            ["assertion"] = assertion,
        }));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Token_ValidAssertion_IssuesBearerTokenFor3599Seconds()
    {
        var (status, body) = await PostAsync(Assertion());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3599, body.GetProperty("expires_in").GetInt32());
        Assert.True(_gateways.OAuth.IsValid(body.GetProperty("access_token").GetString()!, "https://www.googleapis.com/auth/firebase.messaging"));
    }

    [Fact]
    public async Task Token_SignedWithAnotherKey_InvalidGrant()
    {
        using var other = RSA.Create(2048);

        var (status, body) = await PostAsync(Assertion(key: other));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Equal("Invalid JWT Signature.", body.GetProperty("error_description").GetString());
    }

    [Theory]
    [InlineData(7200)]
    [InlineData(0)]
    public async Task Token_LifetimeNotWithinAnHour_InvalidGrant(long lifetime)
    {
        var (status, body) = await PostAsync(Assertion(lifetime: lifetime));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("short-lived token", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_IssuedTwoHoursAgo_InvalidGrant()
    {
        var (status, _) = await PostAsync(Assertion(iat: _time.GetUtcNow().AddHours(-2).ToUnixTimeSeconds()));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Theory]
    [InlineData("https://example.com/token", null, "RS256")]
    [InlineData("https://oauth2.googleapis.com/token", "intruder@evil.iam.gserviceaccount.com", "RS256")]
    [InlineData("https://oauth2.googleapis.com/token", null, "HS256")]
    public async Task Token_WrongAudienceIssuerOrAlgorithm_InvalidGrant(string aud, string? iss, string alg)
    {
        var (status, body) = await PostAsync(Assertion(aud: aud, iss: iss, alg: alg));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_WrongGrantType_Unsupported()
    {
        var (status, body) = await PostAsync(Assertion(), grant: "client_credentials");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unsupported_grant_type", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task IsValid_AfterExpiry_False()
    {
        var (_, body) = await PostAsync(Assertion());
        var token = body.GetProperty("access_token").GetString()!;

        _time.Advance(TimeSpan.FromSeconds(3600));

        Assert.False(_gateways.OAuth.IsValid(token, "https://www.googleapis.com/auth/firebase.messaging"));
    }
}
