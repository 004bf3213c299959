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
            .Where(k => !OptionsCatalog.PendingRemovals.Contains(k.Key)) // TEMPORARY (branch infra-auth)
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
            .Where(key => !OptionsCatalog.PendingOptions.Contains(key)) // TEMPORARY (branch infra-auth)
            .Where(key => !bound.Any(k => k.IsPrefix ? key.StartsWith(k.Key, StringComparison.Ordinal) : k.Key == key))
            .ToList();

        Assert.True(unknown.Count == 0, "local.settings.sample.json lists settings nothing reads: " + string.Join(", ", unknown));
    }

    // TEMPORARY (branch infra-auth): delete with OptionsCatalog.PendingOptions and PendingRemovals.
    [Fact]
    public void Pending_OnThisBranch_NotYetInCore()
    {
        var bound = OptionsCatalog.BoundKeys().Select(k => k.Key).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(OptionsCatalog.PendingOptions.Except(SampleSettings.Keys));
        Assert.Empty(OptionsCatalog.PendingRemovals.Intersect(SampleSettings.Keys));
        var landed = OptionsCatalog.PendingOptions.Where(bound.Contains).Concat(OptionsCatalog.PendingRemovals.Where(k => !bound.Contains(k))).ToList();
        Assert.True(landed.Count == 0,
            "Core's options changed (" + string.Join(", ", landed) + "): the C# change is merged, so delete OptionsCatalog.PendingOptions, " +
            "OptionsCatalog.PendingRemovals, their two uses in SampleSettingsTests and this test");
    }

    [Fact]
    public void Sample_Keys_AreUnique()
    {
        var duplicates = SampleSettings.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }
}
