using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Notifications.Core.Identity;

namespace Notifications.Security.Tests.Identity;

/// <summary>
/// Finding 3: nobody was who they said. The requester was typed into the form, and a principal header was trusted
/// without App Service Authentication in front to put it there. In Azure the header counts only when the platform
/// says its authentication is on (it then strips any client-sent copy); everywhere else it is text anyone can type.
/// </summary>
public sealed class CallerResolverAttackTests
{
    private static readonly string ForgedApprover = ClientPrincipal.Encode("Ada Approver", "approver@social.example");

    private static CallerResolver Resolver(IdentityMode mode, string? authEnabled) => new(
        Options.Create(new IdentityOptions { Mode = mode, DevelopmentUserName = "Dev", DevelopmentUserEmail = "dev@social.example" }),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [CallerResolver.AppServiceAuthSetting] = authEnabled }).Build());

    [Theory]
    [InlineData(null)]
    [InlineData("False")]
    [InlineData("")]
    public void Resolve_ForgedPrincipalWithoutAppServiceAuth_NobodySignedIn(string? authEnabled)
    {
        var (caller, problem) = Resolver(IdentityMode.AppService, authEnabled).Resolve(name => name == ClientPrincipal.Header ? ForgedApprover : null);

        Assert.Null(caller);
        Assert.Equal(401, problem!.Status);
    }

    [Fact]
    public void Resolve_OldNameHeaderOnly_NobodySignedIn()
    {
        var (caller, _) = Resolver(IdentityMode.AppService, "True").Resolve(name => name == "X-MS-CLIENT-PRINCIPAL-NAME" ? "approver@social.example" : null);

        Assert.Null(caller);
    }

    [Fact]
    public void Resolve_PrincipalInjectedByAppServiceAuth_ThatPerson()
    {
        var (caller, _) = Resolver(IdentityMode.AppService, "True").Resolve(name => name == ClientPrincipal.Header ? ClientPrincipal.Encode("Maya", "maya@social.example") : null);

        Assert.Equal(("Maya", "maya@social.example"), (caller!.Name, caller.Email));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("e30=")]
    [InlineData("bnVsbA==")]
    public void Resolve_GarbagePrincipal_NobodySignedIn(string header)
    {
        var (caller, problem) = Resolver(IdentityMode.AppService, "True").Resolve(name => name == ClientPrincipal.Header ? header : null);

        Assert.Null(caller);
        Assert.DoesNotContain(header, problem!.Body!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maya smith@social.example")]
    [InlineData("maya@social.example>")]
    [InlineData("\"maya\"@social.example")]
    [InlineData("maya@social@example")]
    [InlineData("Maya <maya@social.example>")]
    public void Resolve_PrincipalEmailMimeKitWouldNotSendTo_NobodySignedIn(string email)
    {
        // EmailAddressAttribute accepts most of these; the mail path does not, and a requester must be reachable.
        var (caller, _) = Resolver(IdentityMode.AppService, "True").Resolve(name => name == ClientPrincipal.Header ? ClientPrincipal.Encode("Maya", email) : null);

        Assert.Null(caller);
        Assert.False(EmailAddresses.IsValid(email));
    }

    [Fact]
    public void Resolve_DevelopmentWithoutHeader_TheDevelopmentUser()
    {
        var (caller, _) = Resolver(IdentityMode.Development, null).Resolve(_ => null);

        Assert.Equal("dev@social.example", caller!.Email);
    }
}
