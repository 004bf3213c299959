using System.Diagnostics;
using Notifications.Core.Approvals;
using Notifications.Core.Diagnostics;
using Notifications.Core.Tests.Approvals;
using Notifications.Security.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Notifications.Security.Tests.Logging;

/// <summary>
/// Working 72-hour approval URLs were written to the request log: whoever reads the logs could approve. A link's
/// path is now <c>/approvals/{redacted}</c> in request logs and in spans.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class LinkRedactionTests(LocalHostFixture fixture)
{
    [Fact]
    public async Task RequestLog_ApprovalLinkOpenedAndPosted_TokenNeverLogged()
    {
        var signer = fixture.Host.Services.GetRequiredService<ApprovalLinkSigner>();
        var token = signer.Issue("adhoc-20260101-000000-000000000000000000000000", ApprovalAction.Approve, "approver@social.example",
            TimeProvider.System.GetUtcNow().AddHours(72));
        using var http = fixture.Client();

        using var opened = await http.GetAsync("approvals/" + token);
        using var posted = await http.PostAsync("approvals/" + token, null);
        await ApprovalHarness.WaitUntilAsync(() => Task.FromResult(fixture.Logs.Lines.Count(l => l.Contains(RequestPaths.RedactedApprovalPath, StringComparison.Ordinal)) >= 2),
            () => string.Join("\n", fixture.Logs.Lines.TakeLast(20)));

        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(token.Split('.')[1], StringComparison.Ordinal));
        Assert.Contains(fixture.Logs.Lines, line => line.Contains("GET " + RequestPaths.RedactedApprovalPath, StringComparison.Ordinal));
        Assert.Contains(fixture.Logs.Lines, line => line.Contains("POST " + RequestPaths.RedactedApprovalPath, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("url.path", "/approvals/k.p.s", "/approvals/{redacted}")]
    [InlineData("url.full", "https://notify.example/approvals/k.p.s?x=1", "https://notify.example/approvals/{redacted}")]
    [InlineData("http.target", "/approvals/k.p.s", "/approvals/{redacted}")]
    [InlineData("url.path", "/api/campaigns/adhoc-1", "/api/campaigns/adhoc-1")]
    public void Span_PathTags_ApprovalTokenReplaced(string tag, string value, string expected)
    {
        using var activity = new Activity("GET " + value).SetTag(tag, value);

        RequestPaths.Redact(activity);

        Assert.Equal(expected, activity.GetTagItem(tag));
        Assert.DoesNotContain("k.p.s", activity.DisplayName, StringComparison.Ordinal);
    }
}
