using System.Text;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Delivery;

public sealed class CollapseKeysTests
{
    [Fact]
    public void ForCampaign_PlainShortId_UsedAsIs() => Assert.Equal("day1-unfinished.2026-11-26", CollapseKeys.ForCampaign("day1-unfinished.2026-11-26"));

    [Theory]
    [InlineData("a campaign with spaces and ünïcödé")]
    [InlineData("this-campaign-id-is-far-too-long-to-be-an-apns-collapse-id-because-it-has-more-than-64-bytes")]
    public void ForCampaign_LongOrUnsafeId_HashedWithin64BytesAndStable(string campaign)
    {
        var key = CollapseKeys.ForCampaign(campaign);

        Assert.InRange(Encoding.UTF8.GetByteCount(key), 1, 64);
        Assert.All(key, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
        Assert.Equal(key, CollapseKeys.ForCampaign(campaign));
        Assert.NotEqual(key, CollapseKeys.ForCampaign(campaign + "2"));
    }
}
