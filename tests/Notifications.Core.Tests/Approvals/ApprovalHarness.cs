using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Approvals;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Identity;
using Notifications.Core.Tests.Infrastructure;
using Notifications.Gateways.Acs;
using Notifications.Gateways.Mail;

namespace Notifications.Core.Tests.Approvals;

/// <summary>The approval flow wired for real: durable test host, Azurite, gateways, a DuckDB data set and a mail sink.</summary>
internal sealed partial class ApprovalHarness : IAsyncDisposable
{
    public const string Ada = "ada@social.example";
    public const string Bob = "bob@social.example";
    public const string AdaUserId = "approver-ada";
    public const string Maya = "maya@social.example";
    public const string AdaObjectId = "00000000-0000-4000-8000-00000000ada0";
    public const string BobObjectId = "00000000-0000-4000-8000-00000000b0b0";
    public const string MayaObjectId = "00000000-0000-4000-8000-00000000a7a0";

    /// <summary>The requester every test submits as (the signed-in person, as App Service would vouch for her).</summary>
    public static readonly Caller Requester = new("Maya", Maya, "aad", MayaObjectId);

    private readonly string _database;

    private ApprovalHarness(BatchHarness batch, MailSink mail, string database)
    {
        Batch = batch;
        Mail = mail;
        _database = database;
    }

    public BatchHarness Batch { get; }

    public MailSink Mail { get; }

    public DurableTaskClient Client => Batch.Client;

    public T Get<T>()
        where T : notnull => Batch.Services.GetRequiredService<T>();

    /// <param name="azurite">The storage.</param>
    /// <param name="linkLifetime">How long the approval links live.</param>
    /// <param name="gateways">The loopback gateways' options.</param>
    /// <param name="settings">Configuration over the harness's own.</param>
    /// <param name="tables">More DuckDB statements for the analytics data set (tables the test's queries read).</param>
    public static async Task<ApprovalHarness> StartAsync(
        AzuriteFixture azurite, string linkLifetime = "01:00:00", Gateways.LoopbackGatewayOptions? gateways = null, IDictionary<string, string?>? settings = null,
        IReadOnlyList<string>? tables = null)
    {
        var database = Path.Combine(Path.GetTempPath(), $"fans-{Guid.NewGuid():N}.duckdb");
        await using (var connection = new DuckDBConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE fans AS SELECT 'u' || CAST(i AS VARCHAR) AS user_id FROM range(10) t(i)";
            await command.ExecuteNonQueryAsync();
            foreach (var statement in tables ?? [])
            {
                command.CommandText = statement;
                await command.ExecuteNonQueryAsync();
            }
        }

        var mail = MailSink.Start();
        var overrides = new Dictionary<string, string?>
        {
            ["Email:Provider"] = "Smtp",
            ["Email:Smtp:Port"] = mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:From"] = "notifications@social.example",
            ["Audience:Engine"] = "DuckDb",
            ["Audience:DuckDb:DatabasePath"] = database,
            ["Approvals:SigningKeys"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Approvals:PublicBaseUrl"] = "https://notify.example/",
            ["Approvals:LinkLifetime"] = linkLifetime,
            ["Approvals:Approvers:0:Email"] = Ada,
            ["Approvals:Approvers:0:Name"] = "Ada",
            ["Approvals:Approvers:0:UserId"] = AdaUserId,
            ["Approvals:Approvers:0:ObjectId"] = AdaObjectId,
            ["Approvals:Approvers:1:Email"] = Bob,
            ["Approvals:Approvers:1:Name"] = "Bob",
            ["Approvals:Approvers:1:ObjectId"] = BobObjectId,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var batch = await BatchHarness.StartAsync(azurite, gateways, overrides);
        await batch.SeedAsync(10);
        var now = TimeProvider.System.GetUtcNow();
        await batch.Registry.ImportAsync(
        [
            new DeviceRegistration(AdaUserId, PushPlatform.Android, "fcm-ada:APA91b", null, now, now),
            new DeviceRegistration(AdaUserId, PushPlatform.Ios, new string('d', 64), null, now, now),
        ]);
        return new ApprovalHarness(batch, mail, database);
    }

    /// <summary>Submits a request for users u0..u9 (or <paramref name="request"/>) and waits until both approvers have their email.</summary>
    public async Task<Campaign> SubmitAsync(DateTimeOffset? sendAfter = null, CampaignRequest? request = null)
    {
        var submitted = await Get<CampaignService>().SubmitAsync(Client, request ?? new CampaignRequest
        {
            Title = "Artist joined",
            AudienceQuery = "SELECT user_id FROM fans",
            Message = new PushMessage { Title = "A famous artist just joined", Body = "Follow them now." },
            Platforms = ["android", "ios"],
            SendAfter = sendAfter,
        }, Requester);
        Assert.Empty(submitted.Errors);
        var campaign = submitted.Campaign;
        await WaitUntilAsync(async () => (await Get<CampaignStore>().GetAsync(campaign!.Id))!.Status == CampaignStatus.AwaitingApproval);
        // The approvers' emails, then the requester's: the activity sends them in that order.
        await WaitUntilAsync(() => Task.FromResult(new[] { Ada, Bob }.All(a => Mail.Messages.Any(m => m.To.Contains(a) && m.Subject.StartsWith("Approval needed", StringComparison.Ordinal)))
            && Mail.Messages.Any(m => m.To.Contains("maya@social.example") && m.Subject.StartsWith("Awaiting approval", StringComparison.Ordinal))));
        return campaign!;
    }

    /// <summary>The token of the <paramref name="action"/> link in the approval email to <paramref name="approver"/>.</summary>
    public string Link(string approver, string action)
    {
        var email = Mail.Messages.Single(m => m.To.Contains(approver) && m.Subject.StartsWith("Approval needed", StringComparison.Ordinal));
        return Links().Matches(email.Html).Single(m => m.Groups[2].Value.StartsWith(action, StringComparison.Ordinal)).Groups[1].Value;
    }

    /// <summary>
    /// Presses the confirmation page's button: a browser sends <c>Origin: null</c> (the page's no-referrer policy) and
    /// <c>Sec-Fetch-Site: same-origin</c>.
    /// </summary>
    /// <remarks>
    /// The page's form goes with it: an approve posts the digest its page shows (the campaign's review), unless
    /// <paramref name="fields"/> says otherwise (a reason, a test's choice, a stale digest).
    /// </remarks>
    public async Task<HtmlResponse> ClickAsync(
        string token, string? origin = "null", string? fetchSite = "same-origin", IReadOnlyDictionary<string, string>? fields = null)
    {
        if (fields is null)
        {
            var link = Get<ApprovalLinkSigner>().Verify(token).Link;
            var review = link is null ? null : await Get<Notifications.Core.Approvals.Review.CampaignReviewStore>().GetAsync(link.CampaignId);
            fields = link?.Action == ApprovalAction.Approve && review is not null
                ? new Dictionary<string, string> { ["digest"] = review.Digest }
                : new Dictionary<string, string>();
        }

        return await Get<ApprovalLinkEndpoint>().ActAsync(Client, token, origin, fetchSite, Form(fields), CancellationToken.None);
    }

    /// <summary>A page's form post of <paramref name="fields"/>, as a browser encodes it.</summary>
    public static Notifications.Core.Api.ApiBody Form(IReadOnlyDictionary<string, string> fields) => new(
        "application/x-www-form-urlencoded",
        new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))))));

    public async Task<ApprovalOutcome> OutcomeAsync(string campaignId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        OrchestrationMetadata done;
        try
        {
            done = await Client.WaitForInstanceCompletionAsync(campaignId, getInputsAndOutputs: true, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Say where it stopped: the audit trail is the orchestration's own account of its steps.
            var state = await Client.GetInstanceAsync(campaignId, getInputsAndOutputs: true);
            var trail = string.Join(" | ", (await AuditAsync(campaignId)).Select(e => $"{e.Action}: {e.Detail}"));
            Assert.Fail($"campaign {campaignId} did not finish: {state?.RuntimeStatus} {state?.FailureDetails?.ErrorMessage}; audit: {trail}");
            throw;
        }

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<ApprovalOutcome>()!;
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string campaignId) => await Get<CampaignAuditLog>().ReadAsync(campaignId);

    public ReceivedEmail? OutcomeMail(string status) =>
        Mail.Messages.SingleOrDefault(m => m.To.Contains("maya@social.example") && m.Subject.StartsWith(status + ":", StringComparison.Ordinal));

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string>? describe = null)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("condition not reached" + (describe is null ? string.Empty : ": " + describe()));
    }

    public async ValueTask DisposeAsync()
    {
        await Batch.DisposeAsync();
        await Mail.DisposeAsync();
        File.Delete(_database);
    }

    [GeneratedRegex("""href="https://notify\.example/approvals/([^"]+)"[^>]*>([^<]+)<""")]
    private static partial Regex Links();
}
