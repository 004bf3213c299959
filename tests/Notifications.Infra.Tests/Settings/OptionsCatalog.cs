using System.Collections;
using System.Reflection;
using Notifications.Adapters.Local.Audience.DuckDb;
using Notifications.Core.Cohorts;
using Notifications.Core.Storage;

namespace Notifications.Infra.Tests.Settings;

/// <summary>
/// The setting keys the app's options classes bind, found by reflection over every type in Core and in the local
/// adapters (their settings are in the sample, and exempted from the Bicep as local-only) with a
/// <c>const string Section</c>: a scalar property is one key, <c>Section__Property</c> (the environment-variable
/// spelling Azure app settings use); a list of objects is keyed by index; a dictionary by its entries.
/// </summary>
internal static class OptionsCatalog
{
    /// <summary>Settings the hosts read outside the options classes, with the reader named.</summary>
    public static IReadOnlyDictionary<string, string> HostSettings { get; } = new Dictionary<string, string>
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "the Functions host: which worker to start",
        ["AzureWebJobsStorage"] = "the Functions host and the Durable extension's task hub (host.json connectionName)",
        ["DurableTaskHubName"] = "host.json extensions.durableTask.hubName (%DurableTaskHubName%)",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "Functions/Telemetry/TelemetryExtensions.cs and the host's OpenTelemetry export",
    };

    /// <summary>Options properties that are deliberately not in the sample, with the reason.</summary>
    public static IReadOnlyDictionary<string, string> Unlisted { get; } = new Dictionary<string, string>
    {
        // A list of cohort ids an operator sets to pause cohorts; listing an empty entry would pause "".
        ["Cohorts__Disabled"] = "empty by default; set Cohorts__Disabled__0=<cohort id> to pause one",
    };

    /// <summary>Every options type: its section in configuration-key spelling.</summary>
    public static IEnumerable<(Type Type, string Prefix)> OptionsTypes() =>
        new[] { typeof(StorageOptions).Assembly, typeof(DuckDbOptions).Assembly }.SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Section is { IsLiteral: true } && x.Section.FieldType == typeof(string))
            .Select(x => (x.Type, ((string)x.Section!.GetRawConstantValue()!).Replace(":", "__", StringComparison.Ordinal)));

    /// <summary>
    /// The keys the options bind: exact keys for scalars, and prefixes (ending in <c>__</c>) for dictionaries,
    /// where any entry counts.
    /// </summary>
    public static IEnumerable<(string Key, bool IsPrefix)> BoundKeys()
    {
        foreach (var (type, prefix) in OptionsTypes())
        {
            foreach (var key in KeysOf(type, prefix))
            {
                yield return key;
            }
        }

        // The cohort timers read one schedule per campaign: the dictionary's entries are known.
        foreach (var campaign in CohortCatalog.All)
        {
            yield return ($"Cohorts__Schedules__{campaign.SettingName}", false);
        }
    }

    private static IEnumerable<(string Key, bool IsPrefix)> KeysOf(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is not null))
        {
            var key = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;

            // The binder sets public setters, and fills get-only collections in place; a computed property binds nothing.
            if (property.SetMethod is not { IsPublic: true } && !(propertyType.IsGenericType && typeof(IEnumerable).IsAssignableFrom(propertyType)))
            {
                continue;
            }

            if (IsScalar(propertyType))
            {
                yield return (key, false);
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            {
                yield return (key + "__", true);
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType) && propertyType.IsGenericType)
            {
                var element = propertyType.GetGenericArguments()[0];
                if (IsScalar(element))
                {
                    yield return (key + "__", true);
                }
                else
                {
                    foreach (var inner in KeysOf(element, key + "__0"))
                    {
                        yield return inner;
                    }
                }
            }
            else
            {
                throw new InvalidOperationException($"{type.Name}.{property.Name}: teach {nameof(OptionsCatalog)} how {propertyType} binds");
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Uri) || type == typeof(TimeSpan) || type == typeof(decimal)
        || type == typeof(DateTimeOffset);
}
