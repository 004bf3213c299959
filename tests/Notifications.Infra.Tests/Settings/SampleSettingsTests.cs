using Notifications.Infra.Tests.Infrastructure;

namespace Notifications.Infra.Tests.Settings;

/// <summary><c>local.settings.sample.json</c> lists every setting the app reads, and only those.</summary>
public sealed class SampleSettingsTests
{
    [Fact]
    public void Sample_EveryOptionsProperty_IsListed()
    {
        var keys = SampleSettings.Keys.ToHashSet(StringComparer.Ordinal);
        var missing = OptionsCatalog.BoundKeys()
            .Where(k => !OptionsCatalog.Unlisted.ContainsKey(k.Key.TrimEnd('_')))
            .Where(k => k.IsPrefix ? !keys.Any(key => key.StartsWith(k.Key, StringComparison.Ordinal)) : !keys.Contains(k.Key))
            .Select(k => k.Key)
            .ToList();

        Assert.True(missing.Count == 0, "local.settings.sample.json lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void Sample_EveryKey_IsReadByTheApp()
    {
        var bound = OptionsCatalog.BoundKeys().ToList();
        var unknown = SampleSettings.Keys
            .Where(key => !OptionsCatalog.HostSettings.ContainsKey(key))
            .Where(key => !bound.Any(k => k.IsPrefix ? key.StartsWith(k.Key, StringComparison.Ordinal) : k.Key == key))
            .ToList();

        Assert.True(unknown.Count == 0, "local.settings.sample.json lists settings nothing reads: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Sample_Keys_AreUnique()
    {
        var duplicates = SampleSettings.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }
}
