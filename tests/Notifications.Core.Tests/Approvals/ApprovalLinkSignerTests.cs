using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notifications.Core.Approvals;

namespace Notifications.Core.Tests.Approvals;

public sealed class ApprovalLinkSignerTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private const string Key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private const string NewKey = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU=";

    private static ApprovalLinkSigner Signer(string keys = Key) => new(Options.Create(new ApprovalOptions
    {
        SigningKeys = keys,
        PublicBaseUrl = new Uri("https://notify.example/"),
    }), Time);

    [Fact]
    public void Verify_IssuedLink_ReturnsItsContent()
    {
        var signer = Signer();
        var token = signer.Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddHours(72));

        var (link, problem) = signer.Verify(token);

        Assert.Null(problem);
        Assert.Equal(("adhoc-1", ApprovalAction.Approve, "ada@social.example"), (link!.CampaignId, link.Action, link.Approver));
        Assert.Equal(new Uri("https://notify.example/approvals/" + token), signer.Url(token));
    }

    [Fact]
    public void Verify_PayloadChanged_RefusedAsTampered()
    {
        var signer = Signer();
        var token = signer.Issue("adhoc-1", ApprovalAction.Reject, "ada@social.example", Time.GetUtcNow().AddHours(1));
        var forged = signer.Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddHours(1));

        // The approve link's payload with the reject link's signature.
        var (link, problem) = signer.Verify(string.Join('.', forged.Split('.')[0], forged.Split('.')[1], token.Split('.')[2]));

        Assert.Null(link);
        Assert.Contains("signature does not match", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_Refused()
    {
        var token = Signer(NewKey).Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddHours(1));

        Assert.Null(Signer().Verify(token).Link);
    }

    [Fact]
    public void Verify_PastExpiry_NamesTheExpiry()
    {
        var signer = Signer();
        var token = signer.Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddMinutes(5));
        Time.Advance(TimeSpan.FromMinutes(6));

        var (link, problem) = signer.Verify(token);

        Assert.NotNull(link);
        Assert.StartsWith("This link expired on ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignedWithThePreviousKeyAfterRotation_StillValid()
    {
        var before = Signer(Key).Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddHours(1));
        var rotated = Signer(NewKey + "," + Key);

        var after = rotated.Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddHours(1));

        Assert.Null(rotated.Verify(before).Problem);
        Assert.Null(rotated.Verify(after).Problem);
        Assert.Null(Signer(NewKey).Verify(after).Problem);
        Assert.Null(Signer(NewKey).Verify(before).Link);
        Assert.NotEqual(before.Split('.')[0], after.Split('.')[0]);
    }

    [Fact]
    public void Issue_TwoLinks_DistinctNoncesOf128Bits()
    {
        var signer = Signer();

        var a = signer.Verify(signer.Issue("adhoc-1", ApprovalAction.Test, "ada@social.example", Time.GetUtcNow().AddHours(1))).Link!;
        var b = signer.Verify(signer.Issue("adhoc-1", ApprovalAction.Test, "ada@social.example", Time.GetUtcNow().AddHours(1))).Link!;

        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(32, a.Id.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("@@@.###")]
    [InlineData("e30.AAAA")]
    public void Verify_Garbage_RefusedWithoutThrowing(string token) => Assert.Null(Signer().Verify(token).Link);
}
