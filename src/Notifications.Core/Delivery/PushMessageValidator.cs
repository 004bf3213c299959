using System.Text;

namespace Notifications.Core.Delivery;

/// <summary>Checks a <see cref="PushMessage"/> against what FCM and APNs accept, before anything is rendered or sent.</summary>
public static class PushMessageValidator
{
    /// <summary>The most locales a message may carry.</summary>
    public const int MaxLocales = 64;

    /// <summary>FCM rejects TTLs over four weeks.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(28);

    // FCM reserves these data keys (and the google./gcm. prefixes); APNs reserves "aps" at the top level.
    private static readonly HashSet<string> ReservedDataKeys = new(StringComparer.Ordinal)
    {
        "from", "notification", "message_type", "collapse_key", "aps",
        // Ours: the renderer writes the campaign id, the experiment arm and the deep link under these keys.
        PayloadRenderer.CampaignKey, PayloadRenderer.ArmKey, "link",
    };

    // Schemes that run code or read local data wherever a link is opened: never a deep link, whatever is configured.
    private static readonly HashSet<string> DangerousSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "javascript", "vbscript", "data", "file", "blob", "filesystem", "about", "content", "intent", "jar", "view-source",
    };

    /// <summary>Whether a URL scheme is one a deep link must never use.</summary>
    public static bool IsDangerousScheme(string scheme) => DangerousSchemes.Contains(scheme);

    /// <summary>Returns every problem found, each with its field path under <paramref name="path"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="path">The field path of the message in the request.</param>
    /// <param name="deepLinkSchemes">
    /// The schemes a deep link may use (https plus the apps' own, <see cref="MessageOptions.DeepLinkSchemes()"/>); null
    /// checks only that it is absolute and never a scripting or local-file scheme (files written by the system itself).
    /// </param>
    public static IReadOnlyList<PushMessageError> Validate(PushMessage? message, string path = "message", IReadOnlySet<string>? deepLinkSchemes = null)
    {
        var errors = new List<PushMessageError>();
        if (message is null)
        {
            errors.Add(new(path, "is required"));
            return errors;
        }

        if (string.IsNullOrWhiteSpace(message.Title) && string.IsNullOrWhiteSpace(message.Body))
        {
            errors.Add(new($"{path}.title", "a message needs a title or a body"));
        }

        CheckLength(errors, $"{path}.title", message.Title, 256);
        CheckLength(errors, $"{path}.body", message.Body, 2048);
        CheckUrl(errors, $"{path}.imageUrl", message.ImageUrl, httpsOnly: true);
        CheckUrl(errors, $"{path}.deepLink", message.DeepLink, httpsOnly: false);
        CheckDeepLinkScheme(errors, $"{path}.deepLink", message.DeepLink, deepLinkSchemes);

        if (message.CollapseKey is { } key &&
            (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > CollapseKeys.MaxLength))
        {
            errors.Add(new($"{path}.collapseKey", $"must be 1 to {CollapseKeys.MaxLength} bytes"));
        }

        if (message.TimeToLive is { } ttl && (ttl < TimeSpan.Zero || ttl > MaxTimeToLive))
        {
            errors.Add(new($"{path}.timeToLive", "must be between 0 and 28 days"));
        }

        if (!Enum.IsDefined(message.Priority))
        {
            errors.Add(new($"{path}.priority", "must be high or normal"));
        }

        CheckData(errors, path, message.Data);
        CheckTemplate(errors, $"{path}.title", message.Title);
        CheckTemplate(errors, $"{path}.body", message.Body);
        CheckLocales(errors, path, message.Locales);
        return errors;
    }

    private static void CheckLocales(List<PushMessageError> errors, string path, IReadOnlyDictionary<string, MessageLocale>? locales)
    {
        if (locales is null)
        {
            return;
        }

        if (locales.Count > MaxLocales)
        {
            errors.Add(new($"{path}.locales", $"has {locales.Count} locales; at most {MaxLocales}"));
        }

        var canonical = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (tag, locale) in locales)
        {
            var at = $"{path}.locales.{tag}";
            if (!Devices.DeviceLocality.IsValidLocale(tag))
            {
                errors.Add(new($"{path}.locales", "keys must be BCP 47 locales such as fr or pt-BR"));
                continue;
            }

            if (!canonical.Add(Devices.DeviceLocality.CanonicalLocale(tag)))
            {
                errors.Add(new(at, "the same locale appears twice (locales are compared ignoring case)"));
            }

            if (locale is null || (locale.Title is null && locale.Body is null && locale.Data is null))
            {
                errors.Add(new(at, "gives none of title, body, data"));
                continue;
            }

            CheckLength(errors, $"{at}.title", locale.Title, 256);
            CheckLength(errors, $"{at}.body", locale.Body, 2048);
            CheckTemplate(errors, $"{at}.title", locale.Title);
            CheckTemplate(errors, $"{at}.body", locale.Body);
            CheckData(errors, at, locale.Data);
        }
    }

    private static void CheckTemplate(List<PushMessageError> errors, string field, string? value)
    {
        if (MessageTemplate.MayHavePlaceholders(value) && !MessageTemplate.TryParse(value!, out _, out var problem))
        {
            errors.Add(new(field, problem!));
        }
    }

    private static void CheckData(List<PushMessageError> errors, string path, IReadOnlyDictionary<string, string>? data)
    {
        if (data is not null)
        {
            foreach (var (k, v) in data)
            {
                if (string.IsNullOrEmpty(k))
                {
                    errors.Add(new($"{path}.data", "keys must not be empty"));
                }
                else if (ReservedDataKeys.Contains(k) || k.StartsWith("google.", StringComparison.Ordinal) ||
                         k.StartsWith("gcm.", StringComparison.Ordinal))
                {
                    errors.Add(new($"{path}.data.{k}", "is a reserved key"));
                }
                else if (v is null)
                {
                    errors.Add(new($"{path}.data.{k}", "values must be strings, not null"));
                }
                else
                {
                    CheckTemplate(errors, $"{path}.data.{k}", v);
                }
            }
        }
    }

    private static void CheckLength(List<PushMessageError> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(new(field, $"is {value.Length} characters; at most {max}"));
        }
    }

    private static void CheckDeepLinkScheme(List<PushMessageError> errors, string field, string? value, IReadOnlySet<string>? allowed)
    {
        if (value is null)
        {
            return;
        }

        // Browsers and OS link handlers drop tabs and newlines inside a URL ("java\tscript:" runs as javascript:).
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add(new(field, "must not contain spaces or control characters"));
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return;
        }

        if (IsDangerousScheme(uri.Scheme) || (allowed is not null && !allowed.Contains(uri.Scheme.ToLowerInvariant())))
        {
            var schemes = allowed is null ? "https or the app's own scheme" : string.Join(", ", allowed.Order(StringComparer.Ordinal));
            errors.Add(new(field, $"must use one of: {schemes}"));
        }
    }

    private static void CheckUrl(List<PushMessageError> errors, string field, string? value, bool httpsOnly)
    {
        if (value is null)
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            errors.Add(new(field, "must be an absolute URL"));
        }
        else if (httpsOnly && uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add(new(field, "must be an https URL"));
        }
    }
}
