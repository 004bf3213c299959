using Notifications.Core.Batches;

namespace Notifications.Core.Tests.Batches;

public sealed class BatchListQueryTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);
    private const string Cursor = "9999999999999999999-batch-manual-a.json-3f9a0c1d2e4b5a69";

    [Fact]
    public void Parse_NoParameters_LastThirtyDaysTwentyAPageEveryKind()
    {
        var (query, errors) = BatchListQuery.Parse(_ => null, Today);

        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2026, 10, 31), query!.From);
        Assert.Equal(Today, query.To);
        Assert.Equal(20, query.Limit);
        Assert.Null(query.Status);
        Assert.Null(query.Kind);
        Assert.Null(query.Before);
    }

    [Fact]
    public void Parse_EveryParameter_Read()
    {
        var values = new Dictionary<string, string>
        {
            ["status"] = "completedwithfailures", ["kind"] = "System", ["from"] = "2026-11-01", ["to"] = "2026-11-15", ["limit"] = "5", ["before"] = Cursor,
        };

        var (query, errors) = BatchListQuery.Parse(values.GetValueOrDefault, Today);

        Assert.Empty(errors);
        Assert.Equal(BatchListStatus.CompletedWithFailures, query!.Status);
        Assert.Equal(BatchKind.System, query.Kind);
        Assert.Equal(new DateOnly(2026, 11, 1), query.From);
        Assert.Equal(new DateOnly(2026, 11, 15), query.To);
        Assert.Equal(5, query.Limit);
        Assert.Equal(Cursor, query.Before);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("ALL")]
    [InlineData("")]
    public void Parse_KindAllOrEmpty_BothKinds(string kind)
    {
        var (query, errors) = BatchListQuery.Parse(n => n == "kind" ? kind : null, Today);

        Assert.Empty(errors);
        Assert.Null(query!.Kind);
    }

    [Theory]
    [InlineData("status", "sending")]
    [InlineData("status", "2")]
    [InlineData("status", "Completed,Failed")]
    [InlineData("status", "<script>")]
    [InlineData("kind", "everything")]
    [InlineData("kind", "1")]
    [InlineData("kind", "manual,system")]
    [InlineData("from", "29/11/2026")]
    [InlineData("from", "2026-12-01")]
    [InlineData("from", "2026-01-01")]
    [InlineData("to", "9999-12-31")]
    [InlineData("to", "0001-01-02")]
    [InlineData("limit", "1000")]
    [InlineData("limit", "101")]
    [InlineData("limit", "1e2")]
    [InlineData("before", "batch-manual-a.json-3f9a0c1d2e4b5a69")]
    [InlineData("before", "0000000000000000001-../campaigns")]
    [InlineData("before", "adhoc-20261110-101010-abc")]
    public void Parse_BadParameter_ErrorNamesItWithoutEchoingIt(string name, string value)
    {
        var (query, errors) = BatchListQuery.Parse(n => n == name ? value : null, Today);

        Assert.Null(query);
        var problem = Assert.Single(errors);
        Assert.Equal(name, problem.Key);
        Assert.DoesNotContain(value, string.Join(" ", problem.Value), StringComparison.Ordinal);
    }
}
