using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notifications.Core.Approvals;

namespace Notifications.Security.Tests.Approvals;

/// <summary>
/// Approval tokens were accepted in several spellings (a trailing '=', a %20 or %0A inside, which the host decodes
/// before the endpoint sees them), and each spelling had its own one-use marker, so one approve link could decide
/// more than once. Only the exact spelling the signer wrote may verify, and the marker is the signed nonce.
/// </summary>
public sealed class ApprovalLinkSpellingTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private static ApprovalLinkSigner Signer(string keys = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=") =>
        new(Options.Create(new ApprovalOptions { SigningKeys = keys, PublicBaseUrl = new Uri("https://notify.example/") }), Time);

    public static TheoryData<string> Respellings => new()
    {
        "{0}=",
        "{0}==",
        "{0} ",
        " {0}",
        "{0}\n",
        "{0}.",
        "{0}.extra",
    };

    [Theory]
    [MemberData(nameof(Respellings))]
    public void Verify_RespelledToken_Refused(string spelling)
    {
        var signer = Signer();
        var token = signer.Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddHours(1));

        var (link, _) = signer.Verify(string.Format(System.Globalization.CultureInfo.InvariantCulture, spelling, token));

        Assert.Null(link);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(1, 10)]
    [InlineData(2, 5)]
    [InlineData(2, 20)]
    public void Verify_WhitespaceOrPaddingInsideAPart_Refused(int part, int at)
    {
        var signer = Signer();
        var token = signer.Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddHours(1));
        var parts = token.Split('.');

        foreach (var insert in new[] { " ", "\n", "%20", "%0A", "=", "+" })
        {
            var changed = (string[])parts.Clone();
            changed[part] = changed[part].Insert(at, insert);

            Assert.Null(signer.Verify(string.Join('.', changed)).Link);
        }
    }

    [Fact]
    public void Verify_NonCanonicalLastCharacter_Refused()
    {
        // Base64's last character can carry unused bits: under a lenient decoder, flipping them spells the same bytes
        // another way.
        var signer = Signer();
        var token = signer.Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddHours(1));
        var signature = token.Split('.')[2];
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf(signature[^1], StringComparison.Ordinal);

        // 32 bytes = 43 characters, the last carrying 4 bits and 2 spare: change a spare bit.
        var respelled = token[..^1] + alphabet[last ^ 1];

        Assert.Equal(43, signature.Length);
        Assert.Null(signer.Verify(respelled).Link);
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_RefusedAsNotIssuedHere()
    {
        var forged = Signer("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU=").Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddHours(1));

        var (link, problem) = Signer().Verify(forged);

        Assert.Null(link);
        Assert.Contains("not issued by this system", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_KeyIdOfTheRealKeyWithAnotherKeysSignature_Refused()
    {
        // A forger who knows the key id (it is in every link) still needs the key.
        var real = Signer().Issue("adhoc-1", ApprovalAction.Reject, "ada@social.example", Time.GetUtcNow().AddHours(1));
        var forged = Signer("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU=").Issue("adhoc-1", ApprovalAction.Approve, "ada@social.example", Time.GetUtcNow().AddHours(1));

        var (link, _) = Signer().Verify(string.Join('.', real.Split('.')[0], forged.Split('.')[1], forged.Split('.')[2]));

        Assert.Null(link);
    }
}
