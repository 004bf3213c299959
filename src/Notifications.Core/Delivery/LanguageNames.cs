namespace Notifications.Core.Delivery;

/// <summary>
/// English names of the languages and regions a message is most often translated into, for the labels approvers read
/// ("French (fr)", "Portuguese, Brazil (pt-BR)"). The app runs with invariant globalization, so the names are here; a
/// tag not listed is shown as it is.
/// </summary>
public static class LanguageNames
{
    private static readonly Dictionary<string, string> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ar"] = "Arabic", ["bg"] = "Bulgarian", ["bn"] = "Bengali", ["ca"] = "Catalan", ["cs"] = "Czech", ["da"] = "Danish", ["de"] = "German",
        ["el"] = "Greek", ["en"] = "English", ["es"] = "Spanish", ["et"] = "Estonian", ["fa"] = "Persian", ["fi"] = "Finnish", ["fil"] = "Filipino",
        ["fr"] = "French", ["ga"] = "Irish", ["he"] = "Hebrew", ["hi"] = "Hindi", ["hr"] = "Croatian", ["hu"] = "Hungarian", ["id"] = "Indonesian",
        ["it"] = "Italian", ["ja"] = "Japanese", ["ko"] = "Korean", ["lt"] = "Lithuanian", ["lv"] = "Latvian", ["ms"] = "Malay", ["nb"] = "Norwegian Bokmål",
        ["nl"] = "Dutch", ["no"] = "Norwegian", ["pl"] = "Polish", ["pt"] = "Portuguese", ["ro"] = "Romanian", ["ru"] = "Russian", ["sk"] = "Slovak",
        ["sl"] = "Slovenian", ["sr"] = "Serbian", ["sv"] = "Swedish", ["sw"] = "Swahili", ["ta"] = "Tamil", ["th"] = "Thai", ["tr"] = "Turkish",
        ["uk"] = "Ukrainian", ["ur"] = "Urdu", ["vi"] = "Vietnamese", ["zh"] = "Chinese",
    };

    private static readonly Dictionary<string, string> Subtags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AR"] = "Argentina", ["AT"] = "Austria", ["AU"] = "Australia", ["BE"] = "Belgium", ["BR"] = "Brazil", ["CA"] = "Canada", ["CH"] = "Switzerland",
        ["CN"] = "China", ["CO"] = "Colombia", ["DE"] = "Germany", ["ES"] = "Spain", ["FR"] = "France", ["GB"] = "United Kingdom", ["HK"] = "Hong Kong",
        ["IE"] = "Ireland", ["IN"] = "India", ["IT"] = "Italy", ["MX"] = "Mexico", ["NZ"] = "New Zealand", ["PT"] = "Portugal", ["SG"] = "Singapore",
        ["TW"] = "Taiwan", ["US"] = "United States", ["419"] = "Latin America", ["Hans"] = "Simplified", ["Hant"] = "Traditional",
    };

    /// <summary>E.g. "French (fr)", "Portuguese, Brazil (pt-BR)", or the tag alone when its language is not listed.</summary>
    public static string Describe(string tag)
    {
        var parts = tag.Split('-');
        if (!Languages.TryGetValue(parts[0], out var language))
        {
            return tag;
        }

        var regions = parts.Skip(1).Select(p => Subtags.GetValueOrDefault(p, p));
        return $"{string.Join(", ", regions.Prepend(language))} ({tag})";
    }
}
