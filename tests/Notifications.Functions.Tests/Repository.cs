using System.Reflection;

namespace Notifications.Functions.Tests;

/// <summary>Files of the repository, found from the path the build stamped into this assembly.</summary>
internal static class Repository
{
    private static readonly string Root = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string PathOf(string relative) => Path.Combine(Root, relative);
}
