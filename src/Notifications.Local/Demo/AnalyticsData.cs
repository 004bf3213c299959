using System.Globalization;
using DuckDB.NET.Data;

namespace Notifications.Local.Demo;

/// <summary>
/// The local analytics data set, in DuckDB, for the same users the demo seeds into the registry: users (sign-ups),
/// notable accounts (brands, influencers, artists), follows, posts, likes, and sign-up/login events. Generated in
/// SQL from hashes of the row numbers, so it is deterministic for a given size and day, and a million users take
/// seconds. Each attribute hashes the row number with its own suffix as one string: DuckDB's two-argument hash
/// combines its arguments so that attributes of the same row correlated (no day-1 cohort at all). Marketing-style
/// queries ("followers of account X", "users who liked music posts") and the cohort queries run on it for real.
/// </summary>
internal static class AnalyticsData
{
    public const int Accounts = 200;
    public const int Posts = 4_000;

    /// <summary>Creates (or replaces) the database at <paramref name="path"/> for users 0..n-1, dated around <paramref name="today"/>.</summary>
    public static async Task GenerateAsync(string path, int users, DateOnly today, CancellationToken cancellationToken)
    {
        foreach (var file in new[] { path, path + ".wal" })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var connection = new DuckDBConnection($"Data Source={path}");
        await connection.OpenAsync(cancellationToken);
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string[] statements =
        [
            // Sign-ups spread over the last 90 days; one in ten never finished.
            $"""
            CREATE TABLE users AS
            SELECT 'demo-' || lpad(CAST(i AS VARCHAR), 7, '0') AS user_id,
                   CAST(DATE '{day}' - CAST(hash(CAST(i AS VARCHAR) || ':signup') % 90 AS INTEGER) AS TIMESTAMP) + to_seconds(CAST(hash(CAST(i AS VARCHAR) || ':time') % 86400 AS BIGINT)) AS signed_up_at,
                   hash(CAST(i AS VARCHAR) || ':complete') % 10 <> 0 AS signup_completed,
                   ['US', 'GB', 'DE', 'FR', 'BR', 'IN', 'JP'][1 + CAST(hash(CAST(i AS VARCHAR) || ':country') % 7 AS INTEGER)] AS country,
                   CASE WHEN i % 5 = 4 THEN NULL ELSE [{string.Join(", ", DemoData.FirstNames.Select(n => $"'{n}'"))}][1 + CAST(i % {DemoData.FirstNames.Length} AS INTEGER)] END AS first_name
            FROM range({users}) t(i)
            """,
            $"""
            CREATE TABLE accounts AS
            SELECT 'acc-' || lpad(CAST(i AS VARCHAR), 4, '0') AS account_id,
                   ['brand', 'influencer', 'artist'][1 + CAST(i % 3 AS INTEGER)] AS kind,
                   ['Brand', 'Influencer', 'Artist'][1 + CAST(i % 3 AS INTEGER)] || ' ' || CAST(i AS VARCHAR) AS name
            FROM range({Accounts}) t(i)
            """,
            // Each user follows three accounts; low account numbers are the popular ones.
            $"""
            CREATE TABLE follows AS
            SELECT DISTINCT 'demo-' || lpad(CAST(i // 3 AS VARCHAR), 7, '0') AS user_id,
                   'acc-' || lpad(CAST(CAST(floor(pow(hash(CAST(i AS VARCHAR) || ':follow') % 10000 / 10000.0, 2) * {Accounts}) AS INTEGER) AS VARCHAR), 4, '0') AS account_id,
                   CAST(DATE '{day}' - CAST(hash(CAST(i AS VARCHAR) || ':followed') % 365 AS INTEGER) AS TIMESTAMP) AS followed_at
            FROM range({users} * 3) t(i)
            """,
            $"""
            CREATE TABLE posts AS
            SELECT 'post-' || CAST(i AS VARCHAR) AS post_id,
                   'acc-' || lpad(CAST(i % {Accounts} AS VARCHAR), 4, '0') AS account_id,
                   ['music', 'fashion', 'sports', 'food', 'travel'][1 + CAST(hash(CAST(i AS VARCHAR) || ':category') % 5 AS INTEGER)] AS category,
                   CAST(DATE '{day}' - CAST(hash(CAST(i AS VARCHAR) || ':posted') % 60 AS INTEGER) AS TIMESTAMP) AS posted_at
            FROM range({Posts}) t(i)
            """,
            $"""
            CREATE TABLE likes AS
            SELECT DISTINCT 'demo-' || lpad(CAST(i // 5 AS VARCHAR), 7, '0') AS user_id,
                   'post-' || CAST(hash(CAST(i AS VARCHAR) || ':like') % {Posts} AS VARCHAR) AS post_id,
                   CAST(DATE '{day}' - CAST(hash(CAST(i AS VARCHAR) || ':liked') % 60 AS INTEGER) AS TIMESTAMP) AS liked_at
            FROM range({users} * 5) t(i)
            """,
            // Sign-up started/completed, and logins: the last one 0-44 days ago, plus two earlier ones.
            """
            CREATE TABLE events AS
            SELECT user_id, 'signup_started' AS event_type, signed_up_at AS occurred_at FROM users
            UNION ALL SELECT user_id, 'signup_completed', signed_up_at + INTERVAL 10 MINUTE FROM users WHERE signup_completed
            """,
            $"""
            INSERT INTO events
            SELECT u.user_id, 'login', greatest(u.signed_up_at, CAST(DATE '{day}' - CAST(hash(u.user_id || ':last') % 45 + k * 3 AS INTEGER) AS TIMESTAMP) + INTERVAL 9 HOUR)
            FROM users u, range(3) r(k) WHERE u.signup_completed
            """,
        ];
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
