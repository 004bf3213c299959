using System.Globalization;

namespace Notifications.Gateways.BigQuery;

/// <summary>
/// What kind of statement a GoogleSQL text is, as a dry run's <c>statistics.query.statementType</c> reports it. The
/// loopback cannot execute SQL, but the client's safety rests on that one field, so this follows BigQuery's lexical
/// rules rather than guessing: <c>--</c> and <c>#</c> line comments, <c>/* */</c> block comments, <c>'…'</c> and
/// <c>"…"</c> strings with backslash escapes, <c>'''…'''</c> and <c>"""…"""</c> strings that may hold quotes, semicolons
/// and newlines, <c>r</c>/<c>b</c> prefixes (a raw string still cannot end on an escaped quote), and backtick quoted
/// identifiers. More than one statement (a <c>;</c> outside literals and comments followed by anything but
/// whitespace and comments) is a <c>SCRIPT</c>; otherwise the leading keywords decide.
/// </summary>
public static class BigQueryStatements
{
    private static readonly HashSet<string> ScriptKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "DECLARE", "SET", "BEGIN", "IF", "LOOP", "WHILE", "REPEAT", "FOR", "CALL", "EXECUTE", "RAISE", "RETURN",
        "BREAK", "LEAVE", "CONTINUE", "ITERATE", "COMMIT", "ROLLBACK", "CASE",
    };

    /// <summary>Words that name the kind of object after CREATE, DROP and ALTER.</summary>
    private static readonly HashSet<string> ObjectWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "TABLE", "VIEW", "MATERIALIZED", "FUNCTION", "PROCEDURE", "SCHEMA", "MODEL", "ROW", "ACCESS", "POLICY", "POLICIES",
        "ALL", "SNAPSHOT", "SEARCH", "VECTOR", "INDEX", "EXTERNAL", "AGGREGATE", "CAPACITY", "RESERVATION", "ASSIGNMENT",
    };

    /// <summary>Statement keywords that cannot open a subquery: BigQuery answers them with a syntax error.</summary>
    private static readonly HashSet<string> NotInQuery = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "CREATE", "DROP", "ALTER", "EXPORT", "LOAD", "GRANT", "REVOKE",
        "DECLARE", "SET", "BEGIN", "CALL", "EXECUTE",
    };

    /// <summary>The statement type: <c>SELECT</c>, <c>SCRIPT</c>, <c>INSERT</c>, <c>CREATE_TABLE_AS_SELECT</c>, <c>EXPORT_DATA</c>, ...</summary>
    /// <exception cref="BigQuerySyntaxException">An unclosed literal or comment, no statement at all, or an unknown leading keyword.</exception>
    public static string Classify(string sql)
    {
        var statements = Split(sql, Tokenize(sql));
        return statements.Count switch
        {
            0 => throw new BigQuerySyntaxException($"Syntax error: Unexpected end of script at {Position(sql, sql.Length)}"),
            1 => Single(sql, statements[0]),
            _ => "SCRIPT",
        };
    }

    /// <summary>The tokens of <paramref name="sql"/>, comments and whitespace dropped.</summary>
    /// <exception cref="BigQuerySyntaxException">An unclosed string, quoted identifier or comment.</exception>
    internal static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#' || (c == '-' && At(sql, i + 1, '-')))
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? throw new BigQuerySyntaxException($"Syntax error: Unclosed comment at {Position(sql, i)}") : end + 2;
            }
            else if (c is '\'' or '"')
            {
                i = Quoted(sql, i, i, tokens);
            }
            else if (c == '`')
            {
                var end = Closing(sql, i + 1, "`", multiline: false)
                    ?? throw new BigQuerySyntaxException($"Syntax error: Unclosed identifier literal at {Position(sql, i)}");
                tokens.Add(new SqlToken(SqlTokenKind.Identifier, sql[i..end], i));
                i = end;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var end = i;
                while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
                {
                    end++;
                }

                // r'…', b"…", rb'''…''', BR"…": a literal whose prefix looked like a word.
                if (end < sql.Length && sql[end] is '\'' or '"' && IsLiteralPrefix(sql[i..end]))
                {
                    i = Quoted(sql, i, end, tokens);
                }
                else
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Word, sql[i..end], i));
                    i = end;
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                var end = i;
                while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] is '.' or '_'))
                {
                    end++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Number, sql[i..end], i));
                i = end;
            }
            else
            {
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), i));
                i++;
            }
        }

        return tokens;
    }

    private static List<List<SqlToken>> Split(string sql, List<SqlToken> tokens)
    {
        var statements = new List<List<SqlToken>>();
        var current = new List<SqlToken>();
        foreach (var token in tokens)
        {
            if (token is { Kind: SqlTokenKind.Symbol, Text: ";" })
            {
                if (current.Count == 0)
                {
                    throw new BigQuerySyntaxException($"Syntax error: Unexpected \";\" at {Position(sql, token.Start)}");
                }

                statements.Add(current);
                current = [];
            }
            else
            {
                current.Add(token);
            }
        }

        if (current.Count > 0)
        {
            statements.Add(current);
        }

        return statements;
    }

    private static string Single(string sql, List<SqlToken> statement)
    {
        var first = statement.FindIndex(t => t is not { Kind: SqlTokenKind.Symbol, Text: "(" });
        if (first < 0)
        {
            throw new BigQuerySyntaxException($"Syntax error: Unexpected end of statement at {Position(sql, sql.Length)}");
        }

        var head = statement[first];
        if (head.Kind != SqlTokenKind.Word)
        {
            throw new BigQuerySyntaxException($"Syntax error: Unexpected {head.Text} at {Position(sql, head.Start)}");
        }

        var keyword = head.Text.ToUpperInvariant();
        switch (keyword)
        {
            case "SELECT" or "WITH" or "FROM":
                NoStatementInSubquery(sql, statement);
                return "SELECT";
            case "INSERT" or "UPDATE" or "DELETE" or "MERGE" or "ASSERT" or "GRANT" or "REVOKE":
                return keyword;
            case "TRUNCATE":
                return "TRUNCATE_TABLE";
            case "EXPORT" or "LOAD":
                return keyword + "_" + Word(statement, first + 1, sql).ToUpperInvariant();
            case "CREATE" or "DROP" or "ALTER":
                return keyword + "_" + ObjectKind(sql, statement, first + 1, keyword == "CREATE");
            default:
                return ScriptKeywords.Contains(keyword)
                    ? "SCRIPT"
                    : throw new BigQuerySyntaxException($"Syntax error: Unexpected keyword {keyword} at {Position(sql, head.Start)}");
        }
    }

    /// <summary>
    /// <c>TABLE</c>, <c>MATERIALIZED_VIEW</c>, <c>ROW_ACCESS_POLICY</c>, ... after the verb (skipping OR REPLACE,
    /// TEMP); a CREATE TABLE with an <c>AS</c> outside brackets is <c>TABLE_AS_SELECT</c>.
    /// </summary>
    private static string ObjectKind(string sql, List<SqlToken> statement, int from, bool create)
    {
        var i = from;
        while (i < statement.Count && statement[i].Kind == SqlTokenKind.Word &&
               statement[i].Text.ToUpperInvariant() is "OR" or "REPLACE" or "TEMP" or "TEMPORARY")
        {
            i++;
        }

        var words = new List<string>();
        for (; i < statement.Count && statement[i].Kind == SqlTokenKind.Word && ObjectWords.Contains(statement[i].Text); i++)
        {
            words.Add(statement[i].Text.ToUpperInvariant());
        }

        if (words.Count == 0)
        {
            var at = i < statement.Count ? statement[i].Start : sql.Length;
            throw new BigQuerySyntaxException($"Syntax error: Expected an object kind at {Position(sql, at)}");
        }

        if (words[0] == "AGGREGATE")
        {
            words.RemoveAt(0);
        }

        var kind = string.Join('_', words);
        if (create && kind == "TABLE" && HasTopLevelAs(statement, i))
        {
            return "TABLE_AS_SELECT";
        }

        return kind;
    }

    private static bool HasTopLevelAs(List<SqlToken> statement, int from)
    {
        var depth = 0;
        for (var i = from; i < statement.Count; i++)
        {
            var token = statement[i];
            depth += token switch
            {
                { Kind: SqlTokenKind.Symbol, Text: "(" } => 1,
                { Kind: SqlTokenKind.Symbol, Text: ")" } => -1,
                _ => 0,
            };
            if (depth == 0 && token.Kind == SqlTokenKind.Word && string.Equals(token.Text, "AS", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A DML or DDL keyword right after an opening bracket: BigQuery cannot parse it as a subquery.</summary>
    private static void NoStatementInSubquery(string sql, List<SqlToken> statement)
    {
        for (var i = 0; i + 1 < statement.Count; i++)
        {
            if (statement[i] is { Kind: SqlTokenKind.Symbol, Text: "(" } && statement[i + 1] is { Kind: SqlTokenKind.Word } next && NotInQuery.Contains(next.Text))
            {
                throw new BigQuerySyntaxException($"Syntax error: Unexpected keyword {next.Text.ToUpperInvariant()} at {Position(sql, next.Start)}");
            }
        }
    }

    private static string Word(List<SqlToken> statement, int index, string sql) =>
        index < statement.Count && statement[index].Kind == SqlTokenKind.Word
            ? statement[index].Text
            : throw new BigQuerySyntaxException($"Syntax error: Unexpected end of statement at {Position(sql, sql.Length)}");

    /// <summary>A string or bytes literal from <paramref name="quoteAt"/>; returns the index after it.</summary>
    private static int Quoted(string sql, int start, int quoteAt, List<SqlToken> tokens)
    {
        var quote = sql[quoteAt];
        var triple = At(sql, quoteAt + 1, quote) && At(sql, quoteAt + 2, quote);
        var delimiter = new string(quote, triple ? 3 : 1);
        var end = Closing(sql, quoteAt + delimiter.Length, delimiter, multiline: triple)
            ?? throw new BigQuerySyntaxException($"Syntax error: Unclosed string literal at {Position(sql, start)}");
        tokens.Add(new SqlToken(SqlTokenKind.String, sql[start..end], start));
        return end;
    }

    /// <summary>
    /// The index after the closing <paramref name="delimiter"/>: a backslash always takes the next character with it
    /// (in raw strings too, lexically), and only a triple-quoted literal may span lines. Null when unclosed.
    /// </summary>
    private static int? Closing(string sql, int from, string delimiter, bool multiline)
    {
        for (var i = from; i < sql.Length; i++)
        {
            if (sql[i] == '\\')
            {
                i++;
            }
            else if (!multiline && sql[i] is '\n' or '\r')
            {
                return null;
            }
            else if (string.CompareOrdinal(sql, i, delimiter, 0, delimiter.Length) == 0)
            {
                return i + delimiter.Length;
            }
        }

        return null;
    }

    private static bool IsLiteralPrefix(string word) =>
        word.ToUpperInvariant() is "R" or "B" or "RB" or "BR";

    private static bool At(string text, int index, char c) => index < text.Length && text[index] == c;

    /// <summary>BigQuery's <c>[line:column]</c>, both from 1.</summary>
    private static string Position(string sql, int index)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < Math.Min(index, sql.Length); i++)
        {
            if (sql[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"[{line}:{column}]");
    }
}
