using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Local.Demo;
using Notifications.Security.Tests.Infrastructure;

namespace Notifications.Security.Tests.Identity;

/// <summary>
/// Finding 3, the apps' door: registration took any <c>userId</c> from the body. Registering a phone's token under an
/// approver's user id delivered that approver's test pushes (the unreleased campaign) to the attacker's phone. The
/// user id now comes from a validated app-user JWT, and only from it.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class DeviceRegistrationAttackTests(LocalHostFixture fixture)
{
    private const string Approver = "demo-approver";
    private const string MalloryPhone = "fcm-mallory:APA91bMallorysPhone";

    [Fact]
    public async Task Register_SomeoneElsesUserIdInTheBody_RefusedAndTheirDevicesUnchanged()
    {
        var registry = fixture.Host.Services.GetRequiredService<IDeviceRegistry>();
        var before = await registry.GetDevicesAsync(Approver);
        using var anonymous = fixture.Client();
        using var mallory = fixture.AppUser("mallory");
        var body = JsonSerializer.Serialize(new { userId = Approver, platform = "android", token = MalloryPhone });

        using var withoutToken = await anonymous.PostAsync("api/devices/register", LocalHostFixture.Json(body));
        using var withHerOwnToken = await mallory.PostAsync("api/devices/register", LocalHostFixture.Json(body));
        var after = await registry.GetDevicesAsync(Approver);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withHerOwnToken.StatusCode);
        Assert.Contains("userId", await withHerOwnToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before.Select(d => d.Token).Order(), after.Select(d => d.Token).Order());
        Assert.DoesNotContain(after, d => d.Token == MalloryPhone);
    }

    [Fact]
    public async Task Register_ValidToken_DeviceBelongsToTheTokensSubject()
    {
        using var mallory = fixture.AppUser("mallory");

        using var response = await mallory.PostAsync("api/devices/register", LocalHostFixture.Json("""{"platform":"android","token":"fcm-mallory-own:APA91b"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(await fixture.Host.Services.GetRequiredService<IDeviceRegistry>().GetDevicesAsync("mallory"), d => d.Token == "fcm-mallory-own:APA91b");
    }

    [Fact]
    public async Task Unregister_SomeoneElsesDevice_NotFoundAndStillRegistered()
    {
        var registry = fixture.Host.Services.GetRequiredService<IDeviceRegistry>();
        var victim = (await registry.GetDevicesAsync(DemoData.UserId(2)))[0];
        using var mallory = fixture.AppUser("mallory");

        using var response = await mallory.PostAsync("api/devices/unregister",
            LocalHostFixture.Json(JsonSerializer.Serialize(new { platform = victim.Platform.ToName(), token = victim.Token })));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(await registry.GetDevicesAsync(DemoData.UserId(2)), d => d.Token == victim.Token);
    }

    public static TheoryData<string, string> BadTokens()
    {
        return new()
        {
            { "expired", "expired" },
            { "another issuer", "issuer" },
            { "another audience", "audience" },
            { "signed by another key", "key" },
            { "alg none", "none" },
            { "HS256 with the public key as secret", "hs256" },
            { "not a JWT", "garbage" },
        };
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Register_TokenThatDoesNotValidate_401AndNothingRegistered(string description, string kind)
    {
        var issuer = fixture.Environment.Gateways.AppUsers;
        var token = kind switch
        {
            "expired" => issuer.Issue("mallory2", issuedAt: TimeProvider.System.GetUtcNow().AddHours(-3)),
            "issuer" => issuer.Issue("mallory2", issuer: "https://evil.example/"),
            "audience" => issuer.Issue("mallory2", audience: "another-app"),
            "key" => SelfSigned(issuer.KeyId, issuer.Issuer.ToString(), issuer.Audience),
            "none" => Unsigned(issuer.Issuer.ToString(), issuer.Audience),
            "hs256" => Hs256(issuer.KeyId, issuer.Issuer.ToString(), issuer.Audience),
            _ => "not-a-jwt",
        };
        using var http = fixture.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.PostAsync("api/devices/register", LocalHostFixture.Json("""{"platform":"android","token":"fcm-mallory2:APA91b"}"""));
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, description);
        Assert.DoesNotContain(token, detail, StringComparison.Ordinal);
        Assert.Empty(await fixture.Host.Services.GetRequiredService<IDeviceRegistry>().GetDevicesAsync("mallory2"));
    }

    private static string Encode(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));

    private static object Claims(string issuer, string audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new { iss = issuer, aud = audience, sub = "mallory2", iat = now, nbf = now, exp = now + 3600 };
    }

    private static string SelfSigned(string kid, string issuer, string audience)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var input = Encode(new { alg = "ES256", typ = "JWT", kid }) + "." + Encode(Claims(issuer, audience));
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    private static string Unsigned(string issuer, string audience) => Encode(new { alg = "none", typ = "JWT" }) + "." + Encode(Claims(issuer, audience)) + ".";

    private static string Hs256(string kid, string issuer, string audience)
    {
        var input = Encode(new { alg = "HS256", typ = "JWT", kid }) + "." + Encode(Claims(issuer, audience));
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(kid), Encoding.ASCII.GetBytes(input)));
    }
}
