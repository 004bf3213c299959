using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Notifications.Core.Audience;
using Notifications.Core.Audience.DuckDb;

namespace Notifications.Core.Tests.Audience;

public sealed class DuckDbAudienceSourceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"audience-{Guid.NewGuid():N}.duckdb");

    public DuckDbAudienceSourceTests()
    {
        using var connection = new DuckDBConnection($"Data Source={_path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE follows(user_id VARCHAR, account_id VARCHAR, followed_on DATE);
            INSERT INTO follows VALUES ('u1', 'acc-1', DATE '2026-11-20'), ('u2', 'acc-1', DATE '2026-11-25'), ('u2', 'acc-1', DATE '2026-11-25'),
                                       ('u3', 'acc-2', DATE '2026-11-25'), (NULL, 'acc-1', DATE '2026-11-25');
            """;
        command.ExecuteNonQuery();
    }

    private DuckDbAudienceSource Source() => new(Options.Create(new DuckDbOptions { DatabasePath = _path }));

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
    public async Task RunAsync_ParameterInsideLiteral_LeftAlone()
    {
        var users = await RunAsync(new AudienceQuery("SELECT user_id FROM follows WHERE account_id <> '@account'"));

        Assert.Equal(["u1", "u2", "u3"], users.Order());
    }

    [Fact]
    public async Task RunAsync_NoUserIdColumn_ClearError()
    {
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => RunAsync(new AudienceQuery("SELECT account_id FROM follows")));

        Assert.Equal("NoUserIdColumn", ex.Reason);
    }

    [Theory]
    [InlineData("SELECT user_id FROM follows; DELETE FROM follows", "MultipleStatements")]
    [InlineData("SELEC user_id FROM follows", "InvalidQuery")]
    [InlineData("   ", "EmptyQuery")]
    public async Task RunAsync_BadQuery_RefusedWithReason(string sql, string reason)
    {
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => RunAsync(new AudienceQuery(sql)));

        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public async Task RunAsync_TrailingSemicolon_Accepted() =>
        Assert.Equal(3, (await RunAsync(new AudienceQuery("SELECT user_id FROM follows;"))).Count);

    public void Dispose()
    {
        File.Delete(_path);
        File.Delete(_path + ".wal");
    }
}
