using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Adapters.Local.Audience.DuckDb;
using Notifications.Core.Audience;

namespace Notifications.Core.Tests.Audience;

/// <summary>
/// A small analytics file for DuckDB tests (follows, and a profile whose bio looks like /etc/passwd), and beside it a
/// "signing key" file that no query may read: the engine tests and the security suite's attacks share it.
/// </summary>
internal sealed class AudienceTestDatabase : IDisposable
{
    /// <summary>The key file's content: it must never appear in a result or a message.</summary>
    public const string Secret = "TOP-SECRET-SIGNING-KEY-4711";

    public AudienceTestDatabase()
    {
        Path = System.IO.Path.Combine(Directory, "analytics.duckdb");
        SecretPath = System.IO.Path.Combine(Directory, "approval-signing.key");
        File.WriteAllText(SecretPath, Secret + "\n");
        using var connection = new DuckDBConnection($"Data Source={Path}");
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

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("audience-").FullName;

    public string Path { get; }

    public string SecretPath { get; }

    public DuckDbAudienceSource Source() => new(Options.Create(new DuckDbOptions { DatabasePath = Path }), NullLogger<DuckDbAudienceSource>.Instance);

    /// <summary><paramref name="sql"/> with <c>{secret}</c> and <c>{dir}</c> pointing at this database's files.</summary>
    public string Resolve(string sql) => sql.Replace("{secret}", SecretPath, StringComparison.Ordinal).Replace("{dir}", Directory, StringComparison.Ordinal);

    public async Task<List<string>> RunAsync(AudienceQuery query)
    {
        var users = new List<string>();
        await Source().RunAsync(query, u =>
        {
            users.Add(u);
            return ValueTask.CompletedTask;
        });
        return users;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
