using System.Globalization;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// A send's progress and outcomes as the campaign page and the send's own page show them: where it is in words, a
/// progress bar, and delivered / dead token / not delivered per platform and per experiment arm.
/// </summary>
internal static class SendPanel
{
    public static string Render(BatchStatus batch)
    {
        var c = batch.Counts;
        var done = c.Finished;
        var state = PhaseText(batch);
        var progress = batch.Devices > 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"""<progress id="progress" max="{batch.Devices}" value="{done}"></progress> <span id="progress-text">{done:N0} of {batch.Devices:N0} devices{(batch.IsPlanned ? "" : " planned so far")}</span>""")
            : string.Empty;
        return $"""
            <div class="send" id="send-panel">
            <p id="send">The send: <b id="send-state" data-phase="{HtmlPage.Encode(batch.Summary?.Outcome.ToString() ?? batch.Phase.WireName())}">{HtmlPage.Encode(state)}</b>{string.Create(CultureInfo.InvariantCulture, $"; delivered <b id=\"sent\">{c.Sent:N0}</b>, dead tokens {c.Invalid:N0}, not delivered {c.Rejected + c.Failed:N0}.")}</p>
            {progress}
            {HeldBack(batch.Summary ?? batch.Interim)}
            {Waiting(batch)}
            {Platforms(c)}
            {Arms(batch)}
            </div>
            """;
    }

    /// <summary>Where the send is, in words.</summary>
    public static string PhaseText(BatchStatus batch) => batch.Summary switch
    {
        { Outcome: BatchOutcome.Failed, Error: { Length: > 0 } error } => BatchPages.OutcomeText(BatchOutcome.Failed) + ": " + error,
        { } summary => BatchPages.OutcomeText(summary.Outcome),
        _ => batch.RuntimeStatus is "Failed" or "Terminated" ? "Stopped unexpectedly" : batch.Phase switch
        {
            BatchPhase.Pending => "Starting",
            BatchPhase.Scanning => "Reading the audience",
            BatchPhase.Sending => "Sending",
            BatchPhase.Waiting => "Waiting for local times",
            BatchPhase.Cancelling => "Cancelling",
            BatchPhase.RemovingDeadTokens => "Removing dead tokens",
            BatchPhase.Done => "Done",
            var other => other.WireName(),
        },
    };

    /// <summary>Whom the send held back on purpose: the frequency cap and quiet hours, in one sentence.</summary>
    private static string HeldBack(BatchSummary? summary)
    {
        if (summary is null || summary.Capped + summary.Deferred + summary.QuietSkipped == 0)
        {
            return string.Empty;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"""<p id="held-back">Held back: <b id="capped">{summary.Capped:N0}</b> users over the frequency cap, <b id="deferred">{summary.Deferred:N0}</b> held for the end of their quiet hours, <b id="quiet-skipped">{summary.QuietSkipped:N0}</b> skipped for them.</p>""");
    }

    /// <summary>The groups held for later and not yet due: when each goes (UTC, and the viewer's clock once the script runs).</summary>
    private static string Waiting(BatchStatus batch)
    {
        if (batch.Waiting.Count == 0)
        {
            return string.Empty;
        }

        var rows = string.Concat(batch.Waiting.Select(g => string.Create(CultureInfo.InvariantCulture,
            $"""<tr><td><time datetime="{g.At:yyyy-MM-ddTHH:mm:ssZ}">{g.At:yyyy-MM-dd HH:mm} UTC</time></td><td class="n">{g.Users:N0}</td><td class="n">{g.Devices:N0}</td></tr>""")));
        return $"""<h3>Still waiting</h3><table id="waiting"><tr><th>Goes at</th><th class="n">Users</th><th class="n">Devices</th></tr>{rows}</table>""";
    }

    private static string Platforms(BatchCounts counts)
    {
        if (counts.ByPlatform.Count == 0)
        {
            return string.Empty;
        }

        var rows = string.Concat(Enum.GetValues<PushPlatform>()
            .Where(p => (int)p < counts.ByPlatform.Count && counts.ByPlatform[(int)p].Total > 0)
            .Select(p => Row(p.ToDisplayName(), null, null, counts.ByPlatform[(int)p], p.ToString().ToLowerInvariant())));
        return $"""<table id="by-platform"><tr><th>Platform</th><th class="n">Delivered</th><th class="n">Dead tokens</th><th class="n">Not delivered</th></tr>{rows}</table>""";
    }

    private static string Arms(BatchStatus batch)
    {
        if ((batch.Summary ?? batch.Interim) is { Arms.Count: > 0 } summary)
        {
            var rows = string.Concat(summary.Arms.Select(a =>
                Row(a.Name, a.Users, a.Devices, new OutcomeCounts(a.Sent, a.Invalid, Failed: a.NotDelivered), a.Name)));
            return $"""<table id="by-arm"><tr><th>Arm</th><th class="n">Users</th><th class="n">Devices</th><th class="n">Delivered</th><th class="n">Dead tokens</th><th class="n">Not delivered</th></tr>{rows}</table>""";
        }

        // While it runs only the variants' positions are known; the names come with the summary.
        if (batch.Counts.ByVariant.Count > 1)
        {
            var rows = string.Concat(batch.Counts.ByVariant.Select((v, i) =>
                Row(string.Create(CultureInfo.InvariantCulture, $"variant {i + 1}"), null, null, v, string.Create(CultureInfo.InvariantCulture, $"variant-{i + 1}"))));
            return $"""<table id="by-arm"><tr><th>Arm</th><th class="n">Delivered</th><th class="n">Dead tokens</th><th class="n">Not delivered</th></tr>{rows}</table>""";
        }

        return string.Empty;
    }

    private static string Row(string name, long? users, long? devices, OutcomeCounts counts, string key) => string.Create(CultureInfo.InvariantCulture,
        $"""<tr data-slice="{HtmlPage.Encode(key)}"><td>{HtmlPage.Encode(name)}</td>{(users is { } u ? $"<td class=\"n\">{u:N0}</td>" : "")}{(devices is { } d ? $"<td class=\"n\">{d:N0}</td>" : "")}<td class="n sent">{counts.Sent:N0}</td><td class="n invalid">{counts.Invalid:N0}</td><td class="n failed">{counts.NotDelivered:N0}</td></tr>""");
}
