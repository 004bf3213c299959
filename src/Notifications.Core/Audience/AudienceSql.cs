using System.Globalization;
using System.Text;

namespace Notifications.Core.Audience;

/// <summary>What every engine does to a user's query before running it.</summary>
public static class AudienceSql
{
    /// <summary>The column every audience query must return.</summary>
    public const string UserIdColumn = "user_id";

    /// <summary>The problem of a query that is only whitespace (or a lone semicolon).</summary>
    internal static readonly AudienceProblem Empty = new("EmptyQuery", "the audience query is empty");

    /// <summary>
    /// Trims whitespace and one trailing semicolon, so a query pasted from a console fits inside the wrapping query.
    /// This does not decide whether the text is one statement: no hand-written splitter can follow every engine's
    /// comments, escapes and quoting. Each engine decides that on the exact text it will run (DuckDB parses it with
    /// <c>json_serialize_sql</c>, BigQuery dry-runs it and reports the statement type).
    /// </summary>
    public static string TrimStatement(string sql)
    {
        var text = sql.Trim();
        if (text.EndsWith(';'))
        {
            text = text[..^1].TrimEnd();
        }

        return text;
    }

    /// <summary>
    /// Wraps the query so the engine returns each distinct, non-null user id once, as text: joins that repeat a
    /// user do not make the batch file list them twice. The user's text sits on lines of its own, so a trailing
    /// line comment cannot swallow the rest of the wrapper.
    /// </summary>
    /// <remarks>
    /// With <paramref name="columns"/>, each user's values come too, as text: one row per user still (grouped, the
    /// smallest value when a join gives a user several), so a user's values never make the file list them twice.
    /// </remarks>
    public static string Wrap(string sql, string textType, IReadOnlyList<string>? columns = null)
    {
        if (columns is not { Count: > 0 })
        {
            return $"SELECT DISTINCT CAST({UserIdColumn} AS {textType}) AS {UserIdColumn} FROM (\n{sql}\n) AS audience WHERE {UserIdColumn} IS NOT NULL";
        }

        // Names are identifiers by construction (IsColumnName); checked again here, where they meet SQL.
        if (!columns.All(Delivery.MessageTemplate.IsColumnName))
        {
            throw new ArgumentException("audience columns must be plain identifiers", nameof(columns));
        }

        var values = string.Concat(columns.Select(c => $", MIN(CAST({c} AS {textType})) AS {c}"));
        return $"SELECT CAST({UserIdColumn} AS {textType}) AS {UserIdColumn}{values} FROM (\n{sql}\n) AS audience WHERE {UserIdColumn} IS NOT NULL GROUP BY 1";
    }

    /// <summary>
    /// Around an already <see cref="Wrap"/>ped query: one row per sampled user (<c>user_id</c>) with the bounded count
    /// (<c>users</c>) on every row, or a single row with a null <c>user_id</c> when nobody is selected. The sample is
    /// ordered by <paramref name="hashFunction"/> of the id: spread over the audience and repeatable.
    /// </summary>
    public static string Sample(string wrapped, int sampleSize, long countLimit, string hashFunction) => string.Create(CultureInfo.InvariantCulture, $"""
        WITH audience AS (
        {wrapped}
        )
        SELECT sampled.{UserIdColumn}, counted.users FROM (SELECT COUNT(*) AS users FROM (SELECT 1 AS one FROM audience LIMIT {countLimit + 1}) AS bounded) AS counted
        LEFT JOIN (SELECT {UserIdColumn} FROM audience ORDER BY {hashFunction}({UserIdColumn}) LIMIT {sampleSize}) AS sampled ON TRUE
        """);

    /// <summary>
    /// The text with string literals, quoted identifiers and comments blanked out, for the DuckDB <c>@name</c> to
    /// <c>$name</c> parameter rewrite only. It is not a security boundary: a text it misreads gets a parameter left
    /// as it was (DuckDB then reports the query as invalid), and what runs is still checked by the engine.
    /// </summary>
    internal static string OutsideLiterals(string sql)
    {
        var result = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var end = c switch
            {
                '\'' or '"' or '`' => Closing(sql, i + 1, c.ToString()),
                '-' when At(sql, i, "--") => Closing(sql, i + 2, "\n"),
                '/' when At(sql, i, "/*") => Closing(sql, i + 2, "*/"),
                _ => -1,
            };
            if (end < 0)
            {
                result.Append(c);
                i++;
            }
            else
            {
                result.Append(' ', end - i);
                i = end;
            }
        }

        return result.ToString();
    }

    private static bool At(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static int Closing(string text, int from, string token)
    {
        var at = text.IndexOf(token, from, StringComparison.Ordinal);
        return at < 0 ? text.Length : at + token.Length;
    }
}
