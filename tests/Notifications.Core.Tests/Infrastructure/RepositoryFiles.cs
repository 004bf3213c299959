namespace Notifications.Core.Tests.Infrastructure;

/// <summary>Files of the repository the tests hold the code to (schemas BigQuery loads with are contracts the logs must meet).</summary>
internal static class RepositoryFiles
{
    /// <summary>The path of <paramref name="relative"/>, found by walking up from the test binaries.</summary>
    public static string PathOf(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, relative)))
            {
                return Path.Combine(directory.FullName, relative);
            }
        }

        throw new FileNotFoundException(relative);
    }
}
