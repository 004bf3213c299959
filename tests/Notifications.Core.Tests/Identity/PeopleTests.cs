using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Identity;

namespace Notifications.Core.Tests.Identity;

public sealed class PeopleTests
{
    private const string Ana = "00000000-0000-4000-8000-000000000a0a";
    private const string Other = "00000000-0000-4000-8000-000000000b0b";

    [Theory]
    [InlineData("ana@x.example", Ana, "ana.silva@x.example", Ana, true)]
    [InlineData("ana@x.example", Ana, "ana@x.example", Other, false)]
    [InlineData("ana@x.example", null, "ANA@x.example", Ana, true)]
    [InlineData("ana@x.example", null, "bob@x.example", null, false)]
    public void Same_ObjectIdsDecideWhereBothHaveOne(string emailA, string? idA, string emailB, string? idB, bool same) =>
        Assert.Equal(same, People.Same(emailA, idA, emailB, idB));

    [Theory]
    [InlineData("ana@x.example", Ana, "ana.silva@x.example", Ana, true)]
    [InlineData("ana@x.example", Ana, "ana@x.example", Other, true)]
    [InlineData("ana@x.example", null, "bob@x.example", Other, false)]
    public void MaybeSame_EitherMatchIsEnoughForFourEyes(string emailA, string? idA, string emailB, string? idB, bool same) =>
        Assert.Equal(same, People.MaybeSame(emailA, idA, emailB, idB));

    [Fact]
    public void Read_PrincipalWithAnObjectIdClaim_TheCallerCarriesIt()
    {
        var (caller, _) = ClientPrincipal.Read(ClientPrincipal.Encode("Ana", "ana@x.example", objectId: Ana.ToUpperInvariant()));
        var (withoutId, _) = ClientPrincipal.Read(ClientPrincipal.Encode("Ana", "ana@x.example"));

        Assert.Equal(Ana, caller!.ObjectId);
        Assert.Null(withoutId!.ObjectId);
    }

    [Fact]
    public void Approvals_AppServiceSignInAndAnApproverWithoutObjectId_RefusedAtStartNamingThem()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Approvals:SigningKeys"] = Convert.ToBase64String(new byte[32]),
            ["Approvals:PublicBaseUrl"] = "https://notify.example/",
            ["Approvals:Approvers:0:Email"] = "ada@x.example",
            ["Approvals:Approvers:0:ObjectId"] = Ana,
            ["Approvals:Approvers:1:Email"] = "bob@x.example",
        }).Build()).AddIdentity().AddCampaigns().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ApprovalOptions>>().Value);

        Assert.Contains("bob@x.example need an ObjectId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@x.example", error.Message, StringComparison.Ordinal);
    }
}
