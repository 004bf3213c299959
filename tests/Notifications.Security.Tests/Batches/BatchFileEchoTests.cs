using System.Text;
using Notifications.Core.Batches.Files;

namespace Notifications.Security.Tests.Batches;

/// <summary>
/// Never echo data back: a batch file's problems go to the send's status (API), the logs and the campaign page, and
/// its values are people's ids. A bad value is named by where it is and why, never by what it is.
/// </summary>
public sealed class BatchFileEchoTests
{
    private const string Secret = "root:x:0:0:root";

    [Theory]
    [InlineData("""{"campaignId":"root:x:0:0:root","message":{"title":"Hi"},"audience":{"users":["u1"]}}""")]
    [InlineData("""{"campaignId":"c","message":{"title":"Hi"},"audience":{"users":["root:x:0:0:root /bin/bash"]}}""")]
    [InlineData("""{"campaignId":"c","message":{"title":"Hi"},"audience":{"devices":[{"platform":"root:x:0:0:root","token":"t1"}]}}""")]
    [InlineData("""{"campaignId":"c","message":{"title":"Hi"},"audience":{"devices":[{"platform":"ios","token":"t1","userId":"root:x:0:0:root /bin"}]}}""")]
    public async Task ReadAsync_BadValue_ProblemNamesWhereAndWhyNotWhat(string json)
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var ex = await Assert.ThrowsAsync<BatchFileException>(() => BatchFileReader.ReadAsync(stream, _ => ValueTask.CompletedTask));

        Assert.NotEmpty(ex.Problems);
        Assert.All(ex.Problems, p => Assert.DoesNotContain(Secret, p, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }
}
