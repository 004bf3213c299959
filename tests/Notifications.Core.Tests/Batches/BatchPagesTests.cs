using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Cohorts;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Batches;

/// <summary>The send list page and the home page's recent sends, rendered from a real table (each test its own).</summary>
[Collection(StorageCollection.Name)]
public sealed class BatchPagesTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2023, 7, 20, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListAsync_MoreSendsThanAPage_RowsLinkToEachSendAndAnOlderLinkKeepsTheFilters()
    {
        var (pages, stores) = await CreateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            stores.Time.Advance(TimeSpan.FromMinutes(1));
            ids.Add(await stores.StartUploadAsync($"manual/list-{i}.json"));
        }

        await stores.State.RecordOutcomeAsync(new BatchSummary { BatchId = ids[2], Outcome = BatchOutcome.Completed, Plan = new PlanTotals { Devices = 1234 }, Counts = new BatchCounts { Sent = 1200 } }, CancellationToken.None);

        var page = await pages.ListAsync(n => n switch { "limit" => "2", "kind" => "manual", _ => null }, CancellationToken.None);

        Assert.Equal(200, page.Status);
        Assert.Contains($"""<a href="/batches/{ids[2]}">manual/list-2.json</a>""", page.Html, StringComparison.Ordinal);
        Assert.Contains($"""<a href="/batches/{ids[1]}">manual/list-1.json</a>""", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(ids[0], page.Html, StringComparison.Ordinal);
        Assert.Contains("Manual upload", page.Html, StringComparison.Ordinal);
        Assert.Contains("""<span class="status sent">Sent</span>""", page.Html, StringComparison.Ordinal);
        Assert.Contains("<td>1,234</td><td>1,200</td>", page.Html, StringComparison.Ordinal);
        Assert.Matches("""<a id="older" href="/batches\?kind=manual&amp;from=2023-06-21&amp;to=2023-07-20&amp;limit=2&amp;before=[0-9]{19}-batch-""", page.Html);
        Assert.Contains("""<option value="manual" selected>""", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_NothingMatches_SaysSo()
    {
        var (pages, _) = await CreateAsync();

        var page = await pages.ListAsync(_ => null, CancellationToken.None);

        Assert.Equal(200, page.Status);
        Assert.Contains("""<p class="muted" id="batches-none">""", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"older\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_BadKind_400NamingItWithoutEchoingIt()
    {
        var (pages, _) = await CreateAsync();

        var page = await pages.ListAsync(n => n == "kind" ? "<img src=x onerror=alert(1)>" : null, CancellationToken.None);

        Assert.Equal(400, page.Status);
        Assert.Contains("<li>kind: one of manual, system, all</li>", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomeSectionsAsync_UploadsAndCohortRuns_EachInItsTableLinkingToItsPages()
    {
        var (pages, stores) = await CreateAsync();
        var (state, storage) = (stores.State, stores.Storage);
        var upload = await stores.StartUploadAsync("manual/fix-typo.json");
        var run = new BatchSendInput(storage.CampaignBatches.Name, CohortRun.BatchBlobName("day2-engagement", new DateOnly(2023, 7, 20)), "\"0x1\"");
        await state.RecordStartedAsync(BatchInstanceIds.For(run), run, CancellationToken.None);
        var campaign = new BatchSendInput(storage.CampaignBatches.Name, "campaigns/adhoc-20230720-090000-abc.json", "\"0x2\"");
        await state.RecordStartedAsync(BatchInstanceIds.For(campaign), campaign, CancellationToken.None);

        var html = await pages.HomeSectionsAsync(CancellationToken.None);
        var uploads = Section(html, "recent-batches");
        var runs = Section(html, "cohort-runs");

        Assert.Contains($"/batches/{upload}", uploads, StringComparison.Ordinal);
        Assert.DoesNotContain("cohorts/", uploads, StringComparison.Ordinal);
        Assert.DoesNotContain("adhoc-", uploads, StringComparison.Ordinal);
        Assert.Contains("""<a href="/cohorts/day2-engagement">""", runs, StringComparison.Ordinal);
        Assert.Contains($"""<a href="/batches/{BatchInstanceIds.For(run)}">2023-07-20</a>""", runs, StringComparison.Ordinal);
        Assert.DoesNotContain("adhoc-", runs, StringComparison.Ordinal);
        Assert.Contains("""<a href="/batches" id="all-batches">""", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomeSectionsAsync_NothingInThirtyDays_BothSaySo()
    {
        var (pages, _) = await CreateAsync();

        var html = await pages.HomeSectionsAsync(CancellationToken.None);

        Assert.Contains("""id="recent-batches-none">""", html, StringComparison.Ordinal);
        Assert.Contains("""id="cohort-runs-none">""", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BatchListStatus.Running, false, "Sending")]
    [InlineData(BatchListStatus.Running, true, "Cancelling")]
    [InlineData(BatchListStatus.Completed, false, "Sent")]
    [InlineData(BatchListStatus.CompletedWithFailures, false, "Sent, some pushes failed")]
    [InlineData(BatchListStatus.DryRun, false, "Dry run, nothing sent")]
    public void StatusText_EachStatus_InWords(BatchListStatus status, bool cancelRequested, string words) =>
        Assert.Equal(words, BatchPages.StatusText(status, cancelRequested));

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, html);
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    private async Task<(BatchPages Pages, SendListStores Stores)> CreateAsync()
    {
        var stores = await SendListStores.CreateAsync(azurite, Now);
        return (new BatchPages(stores.Index, stores.Time), stores);
    }
}
