using System.Text;
using Azure.Storage.Blobs.Specialized;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Approvals.Review;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Batches.Planning;

/// <summary>
/// An approved campaign's send carries the digest of what its approvers were shown; the scan recomputes it from the
/// file (every form, every user and value) and refuses a file that does not give it, before anything is planned.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ApprovedDigestTests(AzuriteFixture azurite)
{
    private const string File = """
        {"campaignId":"approved-1","message":{"title":"{{ first_name | default: \"Hi\" }}, hello","locales":{"fr":{"title":"Salut"}}},
         "audience":{"columns":["first_name"],"users":[["u0","Ana"],["u1",null],["u2","Ben"]]}}
        """;

    [Fact]
    public async Task Scan_DigestOfTheFile_Sends()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(3);
        var input = await UploadAsync(harness, File);

        var summary = await SendAsync(harness, input with { ApprovedDigest = DigestOf(File) });

        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.Equal(5, summary.Counts.Sent);
    }

    [Theory]
    [InlineData("Ben", "Eve")]
    [InlineData("Salut", "Alerte")]
    [InlineData("[\"u1\",null]", "[\"u1\",\"\"]")]
    public async Task Scan_FileWithAnotherValueOrForm_RefusedNothingPushed(string approved, string sent)
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(3);
        // The file on disk (its ETag pinned) is not the one the digest was taken of: one value or one form differs.
        var input = await UploadAsync(harness, File.Replace(approved, sent, StringComparison.Ordinal));

        var summary = await SendAsync(harness, input with { ApprovedDigest = DigestOf(File) });

        Assert.Equal(BatchOutcome.Failed, summary.Outcome);
        Assert.Contains("the batch file is not what was approved", summary.Error ?? string.Join(" ", summary.Problems), StringComparison.Ordinal);
        Assert.Equal(0, harness.Gateways.Recorder.Requests);
    }

    /// <summary>The digest the approval flow computes while writing the draft: the header's forms and every user's values in order.</summary>
    private static string DigestOf(string json)
    {
        using var values = new ValuesDigest();
        var (header, _, _) = BatchFileReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), entry =>
        {
            values.Add(entry.UserId!, entry.Values);
            return ValueTask.CompletedTask;
        }, CancellationToken.None).GetAwaiter().GetResult();
        return ApprovalDigest.Combine(ApprovalDigest.Forms(header), values.Finish());
    }

    private static async Task<BatchSendInput> UploadAsync(BatchHarness harness, string json)
    {
        var storage = harness.Services.GetRequiredService<StorageClients>();
        var blob = storage.CampaignBatches.GetBlockBlobClient("campaigns/approved-1.json");
        var info = await blob.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        return new BatchSendInput(storage.CampaignBatches.Name, blob.Name, info.Value.ETag.ToString());
    }

    private static async Task<BatchSummary> SendAsync(BatchHarness harness, BatchSendInput input)
    {
        var id = BatchInstanceIds.For(input);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync(BatchTaskNames.SendBatch, input, new StartOrchestrationOptions(id));
        return await harness.WaitAsync(id);
    }
}
