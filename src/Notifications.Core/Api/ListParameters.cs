using System.Globalization;

namespace Notifications.Core.Api;

/// <summary>
/// The parameters every list request reads the same way (<c>status</c>-like names, <c>limit</c>); errors go to a
/// dictionary by parameter and say the rule, never the value, because a 400 must not echo what a client sent.
/// </summary>
internal static class ListParameters
{
    /// <summary>The page size when a request names none.</summary>
    public const int DefaultLimit = 20;

    /// <summary>One defined name of <typeparamref name="TEnum"/> (any case), or null when the parameter is absent or empty.</summary>
    public static TEnum? OneOf<TEnum>(Func<string, string?> get, string name, IDictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        if (get(name) is not { Length: > 0 } value)
        {
            return null;
        }

        // One defined name: TryParse alone also takes numbers and comma-joined names ("Sent,Failed").
        if (Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            && Enum.GetNames<TEnum>().Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return parsed;
        }

        errors[name] = ["one of " + string.Join(", ", Enum.GetNames<TEnum>())];
        return null;
    }

    /// <summary><c>limit</c>: 1 to <paramref name="max"/>, <see cref="DefaultLimit"/> when absent.</summary>
    public static int Limit(Func<string, string?> get, int max, IDictionary<string, string[]> errors)
    {
        if (get("limit") is not { Length: > 0 } value)
        {
            return DefaultLimit;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= max)
        {
            return limit;
        }

        errors["limit"] = [$"a whole number from 1 to {max}"];
        return DefaultLimit;
    }
}
