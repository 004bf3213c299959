using System.Reflection;

namespace Notifications.Infra.Tests.Infrastructure;

/// <summary>Paths the build baked in: the repository root and the bicep compiler restored from NuGet.</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string BicepPath { get; } = Metadata("BicepPath");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing");
}
