using System.Text.Json;

namespace Notifications.Infra.Tests.Infrastructure;

/// <summary>The keys of <c>local.settings.sample.json</c>: the list of every setting the app reads.</summary>
internal static class SampleSettings
{
    public static IReadOnlyList<string> Keys { get; } = Load();

    private static List<string> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToList();
    }
}
