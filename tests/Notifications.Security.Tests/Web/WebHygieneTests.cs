using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Notifications.Local.Demo;
using Notifications.Security.Tests.Infrastructure;

namespace Notifications.Security.Tests.Web;

/// <summary>
/// The web doors: JSON sent as <c>text/plain</c> (a cross-site form can post it with no CORS preflight), pages without
/// CSP, framing, referrer or caching rules, a host answering any Host name (DNS rebinding), <c>javascript:</c> deep
/// links, short campaign ids, and a double submit creating two campaigns.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed partial class WebHygieneTests(LocalHostFixture fixture)
{
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json; charset=utf-16")]
    public async Task SubmitCampaign_JsonSentAsAnotherMediaType_415AndNoCampaign(string contentType)
    {
        using var http = fixture.SignedIn("Maya", "maya@social.example");

        using var response = await http.PostAsync("api/campaigns", LocalHostFixture.Json(LocalHostFixture.CampaignBody(AdHocDemo.MusicFansQuery), contentType));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // Refused before the body is read as a request: no campaign id, no status URL.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(415, problem.GetProperty("status").GetInt32());
        Assert.False(problem.TryGetProperty("id", out _));
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task PreviewAndCancel_SentAsAFormCouldBe_415AndNothingRuns(string contentType)
    {
        using var http = fixture.SignedIn("Maya", "maya@social.example");

        using var preview = await http.PostAsync("api/campaigns/preview", LocalHostFixture.Json("""{"audienceQuery":"SELECT user_id FROM follows"}""", contentType));
        using var cancel = await http.PostAsync("api/campaigns/adhoc-20260101-000000-000000000000000000000000/cancel", LocalHostFixture.Json("{}", contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, preview.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, cancel.StatusCode);
    }

    [Fact]
    public async Task CloneForm_HostileFromParameter_NotEchoed()
    {
        using var http = fixture.SignedIn("Maya", "maya@social.example");

        var html = await http.GetStringAsync("campaigns/new?from=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/batches", """{"blobName":"x.json"}""")]
    [InlineData("api/cohorts/day21-inactive/runs", """{"date":"2026-01-01"}""")]
    public async Task MachineApis_JsonSentAsTextPlain_415(string path, string body)
    {
        using var http = fixture.Client();

        using var response = await http.PostAsync(path, LocalHostFixture.Json(body, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("campaigns")]
    [InlineData("campaigns?status=bogus")]
    [InlineData("batches")]
    [InlineData("batches?kind=bogus")]
    [InlineData("cohorts/day2-engagement")]
    [InlineData("cohorts/no-such-cohort")]
    [InlineData("campaigns/new")]
    [InlineData("campaigns/new?from=adhoc-20260101-000000-000000000000000000000000")]
    [InlineData("batches/batch-no-such-send-0000000000000000")]
    [InlineData("batches/not-a-send")]
    [InlineData("campaigns/adhoc-20260101-000000-000000000000000000000000")]
    [InlineData("approvals/not-a-link")]
    [InlineData("mailbox")]
    public async Task Pages_EveryResponse_CspNoFramingNoReferrerNoStore(string path)
    {
        using var http = fixture.Client();

        using var response = await http.GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("campaigns?before=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "<script>alert(1)</script>")]
    [InlineData("campaigns?status=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "<img src=x onerror=alert(1)>")]
    [InlineData("api/campaigns?from=%3Cb%3Ebold%3C%2Fb%3E", "<b>bold</b>")]
    [InlineData("api/campaigns?limit=99999999999999999999", "99999999999999999999")]
    [InlineData("batches?kind=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "<script>alert(1)</script>")]
    [InlineData("batches?before=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "<img src=x onerror=alert(1)>")]
    [InlineData("api/batches?status=%3Cb%3Ebold%3C%2Fb%3E", "<b>bold</b>")]
    [InlineData("api/batches?before=x'%20or%20PartitionKey%20ne%20'", "x' or PartitionKey ne '")]
    public async Task Lists_HostileParameter_RefusedNamingItWithoutEchoingIt(string path, string hostile)
    {
        using var http = fixture.Client();

        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(hostile, text, StringComparison.Ordinal);
        Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(hostile), text, StringComparison.Ordinal);
        Assert.Matches("before|status|kind|from|limit", text);
    }

    [Fact]
    public async Task Form_InlineScript_CarriesTheNonceTheCspAllows()
    {
        using var http = fixture.Client();

        using var response = await http.GetAsync("campaigns/new");
        var html = await response.Content.ReadAsStringAsync();
        var nonce = Nonce().Match(string.Join(";", response.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;

        Assert.NotEmpty(nonce);
        Assert.Contains($"<script nonce=\"{nonce}\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apis_Answers_NoStoreAndNothingRuns()
    {
        using var http = fixture.Client();

        using var response = await http.GetAsync("api/batches/batch-unknown");

        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Contains("default-src 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("rebind.attacker.example:7071")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task AnyRequest_HostHeaderNotLoopback_400(string host)
    {
        using var http = fixture.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "campaigns/new");
        request.Headers.Host = host;

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://social.example/plain-http")]
    [InlineData("/etc/passwd")]
    public async Task SubmitCampaign_DeepLinkNotHttpsOrTheAppsScheme_FieldError(string link)
    {
        using var http = fixture.SignedIn("Maya", "maya@social.example");

        using var response = await http.PostAsync("api/campaigns", LocalHostFixture.Json(LocalHostFixture.CampaignBody(AdHocDemo.MusicFansQuery, link)));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("message.deepLink", out _), problem.ToString());
    }

    [Fact]
    public async Task SubmitCampaign_RequesterInTheBody_RefusedAsNotAField()
    {
        using var http = fixture.SignedIn("Maya", "maya@social.example");
        var body = LocalHostFixture.CampaignBody(AdHocDemo.MusicFansQuery).TrimEnd('}') + ""","requesterEmail":"approver@social.example"}""";

        using var response = await http.PostAsync("api/campaigns", LocalHostFixture.Json(body));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("requesterEmail", out _), problem.ToString());
    }

    [Fact]
    public async Task SubmitCampaign_SameIdempotencyKeyTwice_OneCampaignWithAnUnguessableId()
    {
        using var http = fixture.SignedIn("Maya", "maya@social.example");
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Submit(string body) => new(HttpMethod.Post, "api/campaigns")
        {
            Content = LocalHostFixture.Json(body),
            Headers = { { "Idempotency-Key", key } },
        };

        using var first = await http.SendAsync(Submit(LocalHostFixture.CampaignBody(AdHocDemo.MusicFansQuery)));
        using var repeat = await http.SendAsync(Submit(LocalHostFixture.CampaignBody(AdHocDemo.MusicFansQuery)));
        using var different = await http.SendAsync(Submit(LocalHostFixture.CampaignBody(AdHocDemo.MusicFansQuery + " LIMIT 1")));
        using var otherPerson = fixture.SignedIn("Ada", "ada-other@social.example");
        using var theirs = await otherPerson.SendAsync(Submit(LocalHostFixture.CampaignBody(AdHocDemo.MusicFansQuery)));
        static async Task<string> Id(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var (firstId, repeatId, theirId) = (await Id(first), await Id(repeat), await Id(theirs));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(firstId, repeatId);
        Assert.Equal((HttpStatusCode)422, different.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, theirs.StatusCode);
        Assert.NotEqual(firstId, theirId);
        Assert.Matches(CampaignId(), firstId);
    }

    [GeneratedRegex("script-src 'nonce-([A-Za-z0-9+/=]+)'")]
    private static partial Regex Nonce();

    // yyyyMMdd-HHmmss, then 96 random bits.
    [GeneratedRegex("^adhoc-[0-9]{8}-[0-9]{6}-[0-9a-f]{24}$")]
    private static partial Regex CampaignId();
}
