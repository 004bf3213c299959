using System.Reflection;

namespace Notifications.Infra.Tests.Infrastructure;

/// <summary>What the build baked in: the repository root, the bicep compiler restored from NuGet, the configuration.</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string BicepPath { get; } = Metadata("BicepPath");

    /// <summary>The configuration these tests were built in (<c>Release</c> under CI), so the app built beside them is the one read.</summary>
    public static string Configuration { get; } = Metadata("Configuration");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing");
}
