using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Adapters.Local.Email.Smtp;
using Notifications.Core.Email;
using Notifications.Gateways.Mail;

namespace Notifications.Core.Tests.Email;

public sealed class SmtpEmailSenderTests
{
    [Fact]
    public async Task SendAsync_ToTheMailSink_ArrivesWithBothBodies()
    {
        await using var sink = MailSink.Start();
        var sender = new SmtpEmailSender(Options.Create(new SmtpEmailOptions { Port = sink.Port }),
            Options.Create(new EmailOptions { From = "notifications@social.example", FromName = "Notifications" }), NullLogger<SmtpEmailSender>.Instance);

        await sender.SendAsync(new EmailMessage(["ada@social.example"], "Approval needed", "<p>Approve?</p>", "Approve?"), "campaign-1:request:ada");
        await sender.SendAsync(new EmailMessage(["ada@social.example"], "Approval needed", "<p>Approve?</p>", "Approve?"), "campaign-1:request:ada");

        var message = Assert.Single(sink.Messages);
        Assert.Equal(["ada@social.example"], message.To);
        Assert.Equal("notifications@social.example", message.From);
        Assert.Contains("<p>Approve?</p>", message.Html, StringComparison.Ordinal);
        Assert.Equal(1, sink.Duplicates);
    }

    [Fact]
    public async Task SendAsync_NoServer_TransientEmailException()
    {
        var sender = new SmtpEmailSender(Options.Create(new SmtpEmailOptions { Port = 1 }), Options.Create(new EmailOptions()), NullLogger<SmtpEmailSender>.Instance);

        var ex = await Assert.ThrowsAsync<EmailException>(() => sender.SendAsync(new EmailMessage(["a@b.example"], "s", "h", "t"), "k"));

        Assert.True(ex.IsTransient);
        Assert.Equal("smtp", ex.Provider);
    }
}
