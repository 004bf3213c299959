using Notifications.Core.Campaigns;

namespace Notifications.Core.Tests.Campaigns;

public sealed class CampaignListQueryTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Fact]
    public void Parse_NoParameters_LastThirtyDaysTwentyAPage()
    {
        var (query, errors) = CampaignListQuery.Parse(_ => null, Today);

        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2026, 10, 31), query!.From);
        Assert.Equal(Today, query.To);
        Assert.Equal(20, query.Limit);
        Assert.Null(query.Status);
        Assert.Null(query.Before);
    }

    [Fact]
    public void Parse_EveryParameter_Read()
    {
        var values = new Dictionary<string, string>
        {
            ["status"] = "awaitingapproval", ["from"] = "2026-11-01", ["to"] = "2026-11-15", ["limit"] = "5", ["before"] = "adhoc-20261110-101010-abc",
        };

        var (query, errors) = CampaignListQuery.Parse(values.GetValueOrDefault, Today);

        Assert.Empty(errors);
        Assert.Equal(CampaignStatus.AwaitingApproval, query!.Status);
        Assert.Equal(new DateOnly(2026, 11, 1), query.From);
        Assert.Equal(new DateOnly(2026, 11, 15), query.To);
        Assert.Equal(5, query.Limit);
        Assert.Equal("adhoc-20261110-101010-abc", query.Before);
    }

    [Theory]
    [InlineData("status", "2", "status")]
    [InlineData("status", "<script>", "status")]
    [InlineData("status", "Sent,Failed", "status")]
    [InlineData("from", "29/11/2026", "from")]
    [InlineData("to", "2026-13-01", "to")]
    [InlineData("from", "2026-12-01", "from")]
    [InlineData("from", "2026-01-01", "from")]
    [InlineData("limit", "1000", "limit")]
    [InlineData("limit", "101", "limit")]
    [InlineData("limit", "-3", "limit")]
    [InlineData("before", "../campaigns", "before")]
    public void Parse_BadParameter_ErrorNamesItWithoutEchoingIt(string name, string value, string field)
    {
        var (query, errors) = CampaignListQuery.Parse(n => n == name ? value : null, Today);

        Assert.Null(query);
        var problem = Assert.Single(errors);
        Assert.Equal(field, problem.Key);
        Assert.DoesNotContain(value, string.Join(" ", problem.Value), StringComparison.Ordinal);
    }
}
