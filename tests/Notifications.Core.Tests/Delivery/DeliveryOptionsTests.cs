using Microsoft.Extensions.Options;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Delivery;

public sealed class DeliveryOptionsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("Fcm:ProjectId", "", "ProjectId")]
    [InlineData("Fcm:ProjectId", "Not A Project", "Fcm:ProjectId must be a Firebase project id")]
    [InlineData("Fcm:ServiceAccountJsonPath", null, "Fcm needs a service account")]
    [InlineData("Apns:TeamId", "short", "Apns:TeamId must be the 10-character team id")]
    [InlineData("Apns:PrivateKeyPath", null, "Apns needs a signing key")]
    [InlineData("Apns:TokenRefreshInterval", "00:10:00", "TokenRefreshInterval")]
    [InlineData("Apns:TokenRefreshInterval", "01:30:00", "TokenRefreshInterval")]
    [InlineData("Fcm:MaxAttempts", "0", "MaxAttempts")]
    public async Task Options_BadSetting_FailsValidationNamingIt(string key, string? value, string expected)
    {
        await using var harness = DeliveryHarness.Create(fixture.Gateways, new Dictionary<string, string?> { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(harness.ValidateOptions);

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_LoopbackConfiguration_Valid()
    {
        await using var harness = DeliveryHarness.Create(fixture.Gateways);

        harness.ValidateOptions();
    }
}
