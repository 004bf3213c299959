using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Core.Delivery;
using Notifications.Core.Email;
using Notifications.Core.Email.Acs;
using Notifications.Core.Tests.Delivery;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Email;

public sealed class AcsEmailSenderTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly string _ca = Path.GetTempFileName();

    private LoopbackGateways Gateways => fixture.Gateways;

    private AcsEmailSender Sender(string? connectionString = null)
    {
        Gateways.Certificate.WriteAuthorityPem(_ca);
        var options = new AcsEmailOptions { ConnectionString = connectionString ?? Gateways.Acs.ConnectionString, TrustedCertificatePath = _ca };
        return new AcsEmailSender(new HttpClient(GatewayHttpHandler.Create(_ca)), Options.Create(options),
            Options.Create(new EmailOptions { From = "DoNotReply@social.example" }), TimeProvider.System, NullLogger<AcsEmailSender>.Instance);
    }

    private static EmailMessage Message(string to) => new([to], "Approval needed", "<p>hi</p>", "hi");

    [Fact]
    public async Task SendAsync_SignedRequest_AcceptedAndPolledToSucceeded()
    {
        var to = $"ada-{Guid.NewGuid():N}@social.example";

        await Sender().SendAsync(Message(to), "key-" + to);

        var email = Assert.Single(Gateways.Acs.Emails, e => e.To.Contains(to));
        Assert.Equal("Approval needed", email.Subject);
        Assert.Equal("DoNotReply@social.example", email.From);
        Assert.Equal("<p>hi</p>", email.Html);
    }

    [Fact]
    public async Task SendAsync_SameKeyTwice_OneEmailAndOneSendRequest()
    {
        var to = $"bob-{Guid.NewGuid():N}@social.example";
        var before = Gateways.Acs.SendRequests;

        await Sender().SendAsync(Message(to), "once-" + to);
        await Sender().SendAsync(Message(to), "once-" + to);

        Assert.Single(Gateways.Acs.Emails, e => e.To.Contains(to));
        Assert.Equal(before + 1, Gateways.Acs.SendRequests);
    }

    [Fact]
    public async Task SendAsync_WrongAccessKey_PermanentDenied()
    {
        var forged = $"endpoint={Gateways.Acs.BaseUrl};accesskey={Convert.ToBase64String(new byte[32])}";

        var ex = await Assert.ThrowsAsync<EmailException>(() => Sender(forged).SendAsync(Message("eve@social.example"), "forged"));

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("Denied", ex.Reason);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task SendAsync_OperationEndsFailed_Throws()
    {
        var ex = await Assert.ThrowsAsync<EmailException>(() => Sender().SendAsync(Message("fail-x@social.example"), "fails-" + Guid.NewGuid()));

        Assert.Equal("Failed", ex.Reason);
    }

    [Fact]
    public void Create_MalformedConnectionString_ClearError()
    {
        var ex = Assert.Throws<EmailException>(() => Sender("endpoint=nope"));

        Assert.Contains("Email:Acs:ConnectionString", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_ca);
}
