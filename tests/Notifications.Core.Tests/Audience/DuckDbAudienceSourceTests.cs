using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Core.Audience;
using Notifications.Core.Audience.DuckDb;

namespace Notifications.Core.Tests.Audience;

public sealed class DuckDbAudienceSourceTests : IDisposable
{
    private const string Secret = "TOP-SECRET-SIGNING-KEY-4711";

    private readonly string _directory = Directory.CreateTempSubdirectory("audience-").FullName;
    private readonly string _path;
    private readonly string _secret;

    public DuckDbAudienceSourceTests()
    {
        _path = Path.Combine(_directory, "analytics.duckdb");
        _secret = Path.Combine(_directory, "approval-signing.key");
        File.WriteAllText(_secret, Secret + "\n");
        using var connection = new DuckDBConnection($"Data Source={_path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE follows(user_id VARCHAR, account_id VARCHAR, followed_on DATE);
            INSERT INTO follows VALUES ('u1', 'acc-1', DATE '2026-11-20'), ('u2', 'acc-1', DATE '2026-11-25'), ('u2', 'acc-1', DATE '2026-11-25'),
                                       ('u3', 'acc-2', DATE '2026-11-25'), (NULL, 'acc-1', DATE '2026-11-25');
            CREATE TABLE profiles(user_id VARCHAR, bio VARCHAR);
            INSERT INTO profiles VALUES ('u1', 'root:x:0:0:root:/root:/bin/bash');
            """;
        command.ExecuteNonQuery();
    }

    private DuckDbAudienceSource Source() => new(Options.Create(new DuckDbOptions { DatabasePath = _path }), NullLogger<DuckDbAudienceSource>.Instance);

    private string Resolve(string sql) => sql.Replace("{secret}", _secret, StringComparison.Ordinal).Replace("{dir}", _directory, StringComparison.Ordinal);

    private async Task<List<string>> RunAsync(AudienceQuery query)
    {
        var users = new List<string>();
        await Source().RunAsync(query, u =>
        {
            users.Add(u);
            return ValueTask.CompletedTask;
        });
        return users;
    }

    [Fact]
    public async Task RunAsync_NamedParameters_BoundNotSpliced_DistinctNonNullUsers()
    {
        var users = await RunAsync(new AudienceQuery(
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
        var check = await Source().CheckAsync(new AudienceQuery(
            "SELECT f.user_id FROM follows f WHERE f.followed_on = @day -- one day's new followers",
            new Dictionary<string, AudienceParameter> { ["day"] = AudienceParameter.Date(new DateOnly(2026, 11, 25)) }, Label: "day1-signup"));

        Assert.True(check.IsValid, check.Problem);
    }

    [Fact]
    public async Task RunAsync_ParameterInsideLiteral_LeftAlone()
    {
        var users = await RunAsync(new AudienceQuery("SELECT user_id FROM follows WHERE account_id <> '@account'"));

        Assert.Equal(["u1", "u2", "u3"], users.Order());
    }

    [Fact]
    public async Task RunAsync_SemicolonInCommentAndLiteral_OneStatementAccepted()
    {
        // The hand-written splitter refused this; DuckDB's parser sees one SELECT.
        var users = await RunAsync(new AudienceQuery("SELECT user_id FROM follows /* a; b */ WHERE account_id <> ';' -- c;"));

        Assert.Equal(["u1", "u2", "u3"], users.Order());
    }

    [Fact]
    public async Task RunAsync_NoUserIdColumn_ClearError()
    {
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => RunAsync(new AudienceQuery("SELECT account_id FROM follows")));

        Assert.Equal("NoUserIdColumn", ex.Reason);
    }

    [Fact]
    public async Task CheckAsync_NoUserIdColumn_ProblemNamesTheColumn()
    {
        var check = await Source().CheckAsync(new AudienceQuery("SELECT account_id FROM follows"));

        Assert.False(check.IsValid);
        Assert.Contains("user_id column", check.Problem, StringComparison.Ordinal);
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
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => RunAsync(new AudienceQuery(sql)));

        Assert.Equal(reason, ex.Reason);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task CheckAsync_SyntaxError_QuotesThePersonsOwnText()
    {
        var check = await Source().CheckAsync(new AudienceQuery("SELEC user_id FROM follows"));

        Assert.Contains("\"SELEC\"", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TrailingSemicolon_Accepted() =>
        Assert.Equal(3, (await RunAsync(new AudienceQuery("SELECT user_id FROM follows;"))).Count);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
