using System.Text;

namespace Notifications.Core.Audience;

/// <summary>What every engine does to a user's query before running it.</summary>
public static class AudienceSql
{
    /// <summary>The column every audience query must return.</summary>
    public const string UserIdColumn = "user_id";

    /// <summary>
    /// Trims and checks that the text is one statement: a trailing semicolon is dropped, any other one is refused,
    /// so nothing can be appended to the wrapping query.
    /// </summary>
    /// <exception cref="AudienceQueryException">Empty, or more than one statement.</exception>
    public static string SingleStatement(string engine, string sql)
    {
        var text = sql.Trim().TrimEnd(';').TrimEnd();
        if (text.Length == 0)
        {
            throw new AudienceQueryException(engine, "EmptyQuery", isTransient: false, "the audience query is empty");
        }

        if (OutsideLiterals(text).Contains(';', StringComparison.Ordinal))
        {
            throw new AudienceQueryException(engine, "MultipleStatements", isTransient: false, "the audience query must be a single SELECT statement");
        }

        return text;
    }

    /// <summary>
    /// Wraps the query so the engine returns each distinct, non-null user id once, as text: joins that repeat a
    /// user do not make the batch file list them twice.
    /// </summary>
    public static string Wrap(string sql, string textType) =>
        $"SELECT DISTINCT CAST({UserIdColumn} AS {textType}) AS {UserIdColumn} FROM (\n{sql}\n) AS audience WHERE {UserIdColumn} IS NOT NULL";

    /// <summary>The text with string literals and quoted identifiers blanked out.</summary>
    internal static string OutsideLiterals(string sql)
    {
        var result = new StringBuilder(sql.Length);
        char? quote = null;
        foreach (var c in sql)
        {
            if (quote is null && c is '\'' or '"' or '`')
            {
                quote = c;
                result.Append(' ');
            }
            else if (quote == c)
            {
                quote = null;
                result.Append(' ');
            }
            else
            {
                result.Append(quote is null ? c : ' ');
            }
        }

        return result.ToString();
    }
}
