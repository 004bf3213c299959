namespace Notifications.Infra.Tests.Infrastructure;

/// <summary>
/// Just enough of the ARM template expression language to read object keys out of compiled Bicep: the arguments of
/// every <c>createObject(k1, v1, k2, v2, ...)</c> call, split at top-level commas.
/// </summary>
internal static class ArmExpression
{
    /// <summary>The key arguments (even positions) of every <c>createObject</c> call in <paramref name="expression"/>.</summary>
    public static IReadOnlyList<string> CreateObjectKeys(string expression)
    {
        var keys = new List<string>();
        const string call = "createObject(";
        for (var at = expression.IndexOf(call, StringComparison.Ordinal); at >= 0; at = expression.IndexOf(call, at + 1, StringComparison.Ordinal))
        {
            var arguments = Arguments(expression, at + call.Length);
            keys.AddRange(arguments.Where((_, i) => i % 2 == 0));
        }

        return keys;
    }

    /// <summary>The arguments of the first <c><paramref name="function"/>(...)</c> call in <paramref name="expression"/>.</summary>
    public static IReadOnlyList<string> CallArguments(string expression, string function)
    {
        var call = function + "(";
        var at = expression.IndexOf(call, StringComparison.Ordinal);
        return at < 0 ? throw new FormatException($"no {function}(...) in {expression}") : Arguments(expression, at + call.Length);
    }

    /// <summary>The literal text of a quoted argument (<c>'abc'</c> gives <c>abc</c>), or the first literal inside a call.</summary>
    public static string Literal(string argument)
    {
        var start = argument.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : argument.IndexOf('\'', start + 1);
        return end < 0 ? argument : argument[(start + 1)..end];
    }

    private static List<string> Arguments(string expression, int start)
    {
        var arguments = new List<string>();
        var depth = 0;
        var quoted = false;
        var from = start;
        for (var i = start; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quoted)
            {
                quoted = c != '\'';
                continue;
            }

            switch (c)
            {
                case '\'':
                    quoted = true;
                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']' when depth > 0:
                    depth--;
                    break;
                case ')':
                    if (i > from)
                    {
                        arguments.Add(expression[from..i].Trim());
                    }

                    return arguments;
                case ',' when depth == 0:
                    arguments.Add(expression[from..i].Trim());
                    from = i + 1;
                    break;
            }
        }

        throw new FormatException($"unbalanced expression: {expression}");
    }
}
