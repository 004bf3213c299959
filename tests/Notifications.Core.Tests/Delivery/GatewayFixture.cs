using Notifications.Gateways;

namespace Notifications.Core.Tests.Delivery;

/// <summary>One set of loopback gateways per test class; Retry-After 0 so fault tests run fast.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public LoopbackGateways Gateways { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { RetryAfterSeconds = 0, SlowResponse = TimeSpan.FromMilliseconds(300) });

    public async Task DisposeAsync() => await Gateways.DisposeAsync();
}
