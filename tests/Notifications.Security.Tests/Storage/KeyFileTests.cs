using Notifications.Security.Tests.Infrastructure;

namespace Notifications.Security.Tests.Storage;

/// <summary>
/// The local signing key was written 0644 into the data folder, next to the analytics database the query engine
/// opens; a query read it back and forged an approve link. Key files are now 0600 in a 0700 folder of their own.
/// </summary>
[Collection(LocalHostCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyFileTests(LocalHostFixture fixture)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void SigningKeys_OnDisk_OwnerOnlyInAFolderOfTheirOwn()
    {
        var data = Path.Combine(fixture.Environment.Directory, "security");
        var secrets = Path.Combine(data, "secrets");
        var key = Path.Combine(secrets, "approval-signing-keys");

        Assert.True(File.Exists(key));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(key));
        Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(secrets));
        Assert.False(File.Exists(Path.Combine(data, "approval-signing-key")));
        Assert.NotEqual(Path.GetDirectoryName(fixture.Host.AnalyticsDatabase), secrets);
    }

    [Fact]
    public void GatewayKeys_WrittenForClients_OwnerOnly()
    {
        var directory = Directory.CreateTempSubdirectory("notify-keys-").FullName;
        try
        {
            fixture.Environment.Gateways.WriteClientConfiguration(directory);

            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(directory, "loopback-service-account.json")));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(directory, "loopback-apns.p8")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
