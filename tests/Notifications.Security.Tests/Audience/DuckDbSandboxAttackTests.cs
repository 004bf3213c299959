using DuckDB.NET.Data;
using Notifications.Core.Audience;
using Notifications.Core.Tests.Audience;

namespace Notifications.Security.Tests.Audience;

/// <summary>
/// Finding 1: the audience query read the machine. <c>read_text('/etc/passwd')</c> was accepted and its content echoed
/// into the API and the requester's email; the same query read the approval signing key. DuckDB now runs every query
/// in a private, locked instance with no file, URL or extension access, and its own parser decides what a query is.
/// </summary>
public sealed class DuckDbSandboxAttackTests : IDisposable
{
    /// <summary>Ways out of the sandbox, found on the code before it: files, globs, COPY, ATTACH, extensions, settings, scripts.</summary>
    public static readonly TheoryData<string> EscapeAttempts = new()
    {
        "SELECT content AS user_id FROM read_text('/etc/passwd')",
        "SELECT content AS user_id FROM read_text('{secret}')",
        "SELECT column0 AS user_id FROM read_csv('{secret}', header = false)",
        "SELECT * FROM read_parquet('{dir}/*.parquet')",
        "SELECT file AS user_id FROM glob('{dir}/*')",
        "SELECT content AS user_id FROM read_text('https://example.invalid/users.txt')",
        "SELECT * FROM '{secret}'",
        "COPY (SELECT 'u1' AS user_id) TO '{dir}/copied.csv'",
        "COPY follows FROM '{secret}'",
        "ATTACH '{dir}/other.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "RESET lock_configuration",
        "SELECT user_id FROM follows; SELECT content AS user_id FROM read_text('{secret}')",
        // The old hand-written splitter read the apostrophe in the comment as a quote and missed both semicolons.
        "SELECT user_id FROM follows -- it's\n) AS a; COPY (SELECT 'leak' AS user_id) TO '{dir}/copied.csv'; SELECT * FROM (SELECT user_id FROM follows -- '",
    };

    private readonly AudienceTestDatabase _db = new();

    private const string Secret = AudienceTestDatabase.Secret;

    [Theory]
    [MemberData(nameof(EscapeAttempts))]
    public async Task CheckAsync_EscapeAttempt_RefusedWithoutFileContent(string sql)
    {
        var check = await _db.Source().CheckAsync(new AudienceQuery(_db.Resolve(sql)));

        Assert.False(check.IsValid, $"accepted: {sql}");
        Assert.DoesNotContain(Secret, check.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x", check.Problem, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_db.Directory, "copied.csv")));
        Assert.False(File.Exists(Path.Combine(_db.Directory, "other.duckdb")));
    }

    /// <summary>"Preview audience" runs another text around the wrapper: the same escapes are refused there, unechoed.</summary>
    [Theory]
    [MemberData(nameof(EscapeAttempts))]
    public async Task SampleAsync_EscapeAttempt_RefusedWithoutFileContent(string sql)
    {
        var sample = await _db.Source().SampleAsync(new AudienceQuery(_db.Resolve(sql)), sampleSize: 5, countLimit: 1000);

        Assert.NotNull(sample.Problem);
        Assert.Empty(sample.Sample);
        Assert.DoesNotContain(Secret, sample.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x", sample.Problem, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_db.Directory, "copied.csv")));
        Assert.False(File.Exists(Path.Combine(_db.Directory, "other.duckdb")));
    }

    [Theory]
    [MemberData(nameof(EscapeAttempts))]
    public async Task RunAsync_EscapeAttempt_RefusedAndNobodySelected(string sql)
    {
        var users = new List<string>();

        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => _db.Source().RunAsync(new AudienceQuery(_db.Resolve(sql)), u =>
        {
            users.Add(u);
            return ValueTask.CompletedTask;
        }));

        Assert.Empty(users);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
        Assert.False(File.Exists(Path.Combine(_db.Directory, "copied.csv")));
    }

    [Fact]
    public async Task CheckAsync_ReadingAFile_ProblemSaysFilesAreOffLimits()
    {
        var check = await _db.Source().CheckAsync(new AudienceQuery(_db.Resolve("SELECT content AS user_id FROM read_text('{secret}')")));

        Assert.Contains("not files, URLs or extensions", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConversionErrorOnData_MessageDoesNotQuoteTheValue()
    {
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => _db.RunAsync(new AudienceQuery("SELECT user_id FROM profiles WHERE CAST(bio AS INTEGER) > 0")));

        Assert.Contains("Could not convert string '…' to INT32", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("root", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public async Task Sandbox_SetAfterLock_Fails()
    {
        // Below the statement check: the sandbox itself holds even for SQL that reached the engine.
        await using var connection = await _db.Source().OpenSandboxAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SET enable_external_access = true";

        var ex = Assert.Throws<DuckDBException>(() => command.ExecuteNonQuery());

        Assert.Contains("the configuration has been locked", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT content FROM read_text('{secret}')")]
    [InlineData("SELECT * FROM glob('{dir}/*')")]
    [InlineData("COPY (SELECT 1) TO '{dir}/copied.csv'")]
    [InlineData("ATTACH '{dir}/other.duckdb' AS other")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("INSERT INTO follows VALUES ('u9', 'acc-9', NULL)")]
    public async Task Sandbox_ExternalAccessOrWrite_FailsInTheEngine(string sql)
    {
        await using var connection = await _db.Source().OpenSandboxAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = _db.Resolve(sql);

        var ex = Assert.Throws<DuckDBException>(() => command.ExecuteNonQuery());

        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_db.Directory, "copied.csv")));
        Assert.False(File.Exists(Path.Combine(_db.Directory, "other.duckdb")));
    }

    [Fact]
    public async Task CheckAsync_DatabaseAlsoOpenReadWriteInThisProcess_StillSandboxed()
    {
        // DuckDB.NET shares one instance per data source: a connection string on the file would inherit this one's
        // settings. The sandbox is a private instance, so it holds anyway.
        await using var writer = new DuckDBConnection($"Data Source={_db.Path}");
        await writer.OpenAsync();

        var check = await _db.Source().CheckAsync(new AudienceQuery(_db.Resolve("SELECT content AS user_id FROM read_text('{secret}')")));

        Assert.False(check.IsValid);
        Assert.DoesNotContain(Secret, check.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => _db.Dispose();
}
