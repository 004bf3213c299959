using DuckDB.NET.Data;
using Notifications.Core.Audience;

namespace Notifications.Core.Tests.Audience;

public sealed class DuckDbAudienceSourceTests : IDisposable
{
    private readonly AudienceTestDatabase _db = new();

    private const string Secret = AudienceTestDatabase.Secret;

    [Fact]
    public async Task RunAsync_NamedParameters_BoundNotSpliced_DistinctNonNullUsers()
    {
        var users = await _db.RunAsync(new AudienceQuery(
            "SELECT user_id FROM follows WHERE account_id = @account AND followed_on >= @since",
            new Dictionary<string, AudienceParameter>
            {
                ["account"] = AudienceParameter.Text("acc-1"),
                ["since"] = AudienceParameter.Date(new DateOnly(2026, 11, 21)),
            }));

        Assert.Equal(["u2"], users);
    }

    [Fact]
    public async Task CheckAsync_CohortStyleDateParameter_ValidWithoutSelectingAnyone()
    {
        var check = await _db.Source().CheckAsync(new AudienceQuery(
            "SELECT f.user_id FROM follows f WHERE f.followed_on = @day -- one day's new followers",
            new Dictionary<string, AudienceParameter> { ["day"] = AudienceParameter.Date(new DateOnly(2026, 11, 25)) }, Label: "day1-signup"));

        Assert.True(check.IsValid, check.Problem);
    }

    [Fact]
    public async Task RunAsync_ParameterInsideLiteral_LeftAlone()
    {
        var users = await _db.RunAsync(new AudienceQuery("SELECT user_id FROM follows WHERE account_id <> '@account'"));

        Assert.Equal(["u1", "u2", "u3"], users.Order());
    }

    [Fact]
    public async Task RunAsync_SemicolonInCommentAndLiteral_OneStatementAccepted()
    {
        // The hand-written splitter refused this; DuckDB's parser sees one SELECT.
        var users = await _db.RunAsync(new AudienceQuery("SELECT user_id FROM follows /* a; b */ WHERE account_id <> ';' -- c;"));

        Assert.Equal(["u1", "u2", "u3"], users.Order());
    }

    [Fact]
    public async Task RunAsync_NoUserIdColumn_ClearError()
    {
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => _db.RunAsync(new AudienceQuery("SELECT account_id FROM follows")));

        Assert.Equal("NoUserIdColumn", ex.Reason);
    }

    [Fact]
    public async Task CheckAsync_NoUserIdColumn_ProblemNamesTheColumn()
    {
        var check = await _db.Source().CheckAsync(new AudienceQuery("SELECT account_id FROM follows"));

        Assert.False(check.IsValid);
        Assert.Contains("user_id column", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_MisspelledColumn_EngineMessageWithoutOurWrapper()
    {
        var check = await _db.Source().CheckAsync(new AudienceQuery("SELECT user_id FROM follows WHERE acount_id = 'a'"));

        Assert.False(check.IsValid);
        Assert.Contains("acount_id", check.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("DISTINCT CAST", check.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("LINE ", check.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT user_id FROM follows; DELETE FROM follows", "NotSelect")]
    [InlineData("SELECT user_id FROM follows; SELECT user_id FROM follows", "MultipleStatements")]
    [InlineData("DELETE FROM follows", "NotSelect")]
    [InlineData("SELEC user_id FROM follows", "InvalidQuery")]
    [InlineData("SELECT user_id FROM follows; -- and a comment", "InvalidQuery")]
    [InlineData("SELECT user_id FROM nowhere", "InvalidQuery")]
    [InlineData("   ", "EmptyQuery")]
    [InlineData(" ; ", "EmptyQuery")]
    public async Task RunAsync_BadQuery_RefusedWithReason(string sql, string reason)
    {
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => _db.RunAsync(new AudienceQuery(sql)));

        Assert.Equal(reason, ex.Reason);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task CheckAsync_SyntaxError_QuotesThePersonsOwnText()
    {
        var check = await _db.Source().CheckAsync(new AudienceQuery("SELEC user_id FROM follows"));

        Assert.Contains("\"SELEC\"", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TrailingSemicolon_Accepted() =>
        Assert.Equal(3, (await _db.RunAsync(new AudienceQuery("SELECT user_id FROM follows;"))).Count);

    public void Dispose() => _db.Dispose();
}
