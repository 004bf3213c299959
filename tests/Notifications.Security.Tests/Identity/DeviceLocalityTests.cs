using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Devices;
using Notifications.Security.Tests.Infrastructure;

namespace Notifications.Security.Tests.Identity;

/// <summary>
/// Registration with the user's time zone and language: kept per device, a refresh without them keeps them, and
/// anything that is not an IANA zone or a BCP 47 tag is a field error that does not repeat what was sent.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class DeviceLocalityTests(LocalHostFixture fixture)
{
    [Fact]
    public async Task Register_TimeZoneAndLocale_StoredCanonicalAndKeptOnARefreshWithoutThem()
    {
        using var app = fixture.AppUser("zoe");
        var registry = fixture.Host.Services.GetRequiredService<IDeviceRegistry>();

        using var first = await app.PostAsync("api/devices/register",
            LocalHostFixture.Json("""{"platform":"ios","token":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","timeZone":"America/Sao_Paulo","locale":"pt-br"}"""));
        var answer = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        using var refresh = await app.PostAsync("api/devices/register",
            LocalHostFixture.Json("""{"platform":"ios","token":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"""));
        var device = Assert.Single(await registry.GetDevicesAsync("zoe"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(("America/Sao_Paulo", "pt-BR"), (answer.GetProperty("timeZone").GetString(), answer.GetProperty("locale").GetString()));
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(("America/Sao_Paulo", "pt-BR"), (device.TimeZone, device.Locale));
    }

    [Theory]
    [InlineData("timeZone", "+02:00")]
    [InlineData("timeZone", "W. Europe Standard Time")]
    [InlineData("timeZone", "Mars/Olympus_Mons")]
    [InlineData("timeZone", "../../../../etc/passwd")]
    [InlineData("timeZone", "Europe/<script>alert(1)</script>")]
    [InlineData("locale", "english")]
    [InlineData("locale", "de_DE")]
    [InlineData("locale", "<img src=x onerror=alert(1)>")]
    public async Task Register_NotAZoneOrATag_400NamingTheFieldWithoutEchoAndNothingStored(string field, string value)
    {
        using var app = fixture.AppUser("yuri");
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["platform"] = "android", ["token"] = "fcm-yuri:APA91b", [field] = value });

        using var response = await app.PostAsync("api/devices/register", LocalHostFixture.Json(body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        Assert.Empty(await fixture.Host.Services.GetRequiredService<IDeviceRegistry>().GetDevicesAsync("yuri"));
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("UTC")]
    public void IsValidTimeZone_IanaZone_True(string zone) => Assert.True(DeviceLocality.IsValidTimeZone(zone));

    [Theory]
    [InlineData("zh-hant-tw", "zh-Hant-TW")]
    [InlineData("EN", "en")]
    [InlineData("es-419", "es-419")]
    public void CanonicalLocale_AnyCase_CanonicalCase(string tag, string canonical) => Assert.Equal(canonical, DeviceLocality.CanonicalLocale(tag));
}
