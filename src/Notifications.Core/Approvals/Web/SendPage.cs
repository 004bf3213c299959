using System.Globalization;
using Microsoft.DurableTask.Client;
using Notifications.Core.Batches;
using Notifications.Core.Campaigns;
using Notifications.Core.Cohorts;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// A send's own page (<c>/batches/{id}</c>): its progress, live, and its outcomes per platform and per arm, with a
/// link back to the campaign or cohort it sends for. Read-only: cancel and resume stay with operators' keys.
/// </summary>
public sealed class SendPage
{
    private readonly BatchService _batches;

    /// <summary>Creates the page; all it shows is the send's status, read through <paramref name="batches"/>.</summary>
    public SendPage(BatchService batches) => _batches = batches;

    /// <summary>The page; 404 for an id that is not a send's, without saying which part was wrong.</summary>
    public async Task<HtmlResponse> ShowAsync(DurableTaskClient client, string batchId, CancellationToken cancellationToken)
    {
        var batch = BatchInstanceIds.IsValid(batchId) ? await _batches.GetStatusAsync(client, batchId, cancellationToken).ConfigureAwait(false) : null;
        if (batch is null)
        {
            return HtmlResponse.Page(404, "Unknown send", """<p class="notice bad" id="result">There is no send with that id.</p>""");
        }

        var campaignId = batch.Summary?.CampaignId;
        var run = CohortCatalog.FindRun(campaignId);
        var title = run is var (runOf, runDate)
            ? string.Create(CultureInfo.InvariantCulture, $"Cohort run {runOf.Id}, {runDate:yyyy-MM-dd}")
            : campaignId is { Length: > 0 } ? $"Send of {campaignId}" : "Send";
        var owner = (campaignId, run) switch
        {
            (_, var (cohort, _)) =>
                $"""<tr><th>Cohort</th><td><a id="owner" href="/cohorts/{Uri.EscapeDataString(cohort.Id)}">{HtmlPage.Encode(cohort.Description)}</a></td></tr>""",
            ({ } id, _) when id.StartsWith(CampaignStore.IdPrefix, StringComparison.Ordinal) && CampaignIds.IsValid(id) =>
                $"""<tr><th>Campaign</th><td><a id="owner" href="/campaigns/{Uri.EscapeDataString(id)}">{HtmlPage.Encode(id)}</a></td></tr>""",
            ({ Length: > 0 } id, _) => $"<tr><th>Campaign</th><td>{HtmlPage.Encode(id)}</td></tr>",
            _ => string.Empty,
        };
        var body = string.Create(CultureInfo.InvariantCulture, $"""
            <p class="actions"><a href="/">Home</a> &middot; <a href="/batches">All batches</a></p>
            {SendPanel.Render(batch)}
            <h3>Details</h3>
            <table class="facts"><tr><th>Send</th><td><code>{HtmlPage.Encode(batch.BatchId)}</code></td></tr>
            {owner}
            <tr><th>Users</th><td>{batch.Users:N0}</td></tr>
            <tr><th>Devices</th><td>{batch.Devices:N0}{(batch.Waiting.Count > 0 ? $" so far, {batch.Waiting.Sum(g => g.Devices):N0} more waiting" : "")}</td></tr>
            {(batch.Summary is { Capped: > 0 } capped ? $"<tr><th>Over the frequency cap</th><td id=\"capped\">{capped.Capped:N0} users (they had enough pushes lately; nothing was sent to them)</td></tr>" : "")}
            <tr><th>Chunks</th><td>{batch.Counts.ChunksDone:N0} of {batch.Chunks:N0} done</td></tr>
            {(batch.Counts.TokensRemoved > 0 ? $"<tr><th>Dead tokens removed</th><td>{batch.Counts.TokensRemoved:N0}</td></tr>" : "")}
            </table>
            """);
        return HtmlResponse.Page(200, title, body, batch.IsFinished ? null : """<meta http-equiv="refresh" content="2">""");
    }
}
