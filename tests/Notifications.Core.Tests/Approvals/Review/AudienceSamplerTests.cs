using System.Globalization;
using Notifications.Core.Approvals.Review;

namespace Notifications.Core.Tests.Approvals.Review;

public sealed class AudienceSamplerTests
{
    [Fact]
    public void Users_AnyOrderOfTheSameAudience_SameSampleOfAtMostItsSize()
    {
        var users = Enumerable.Range(0, 10_000).Select(i => "u" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var forward = new AudienceSampler("campaign-1", 200);
        var backward = new AudienceSampler("campaign-1", 200);
        users.ForEach(u => forward.Offer(u, null));
        Enumerable.Reverse(users).ToList().ForEach(u => backward.Offer(u, null));

        Assert.Equal(200, forward.Users.Count);
        Assert.Equal(forward.Users.Select(u => u.UserId), backward.Users.Select(u => u.UserId));
    }

    [Fact]
    public void Users_AnotherCampaign_AnotherSample()
    {
        var a = new AudienceSampler("campaign-1", 5);
        var b = new AudienceSampler("campaign-2", 5);
        foreach (var i in Enumerable.Range(0, 1_000))
        {
            a.Offer("u" + i.ToString(CultureInfo.InvariantCulture), null);
            b.Offer("u" + i.ToString(CultureInfo.InvariantCulture), null);
        }

        Assert.NotEqual(a.Users.Select(u => u.UserId), b.Users.Select(u => u.UserId));
    }
}
