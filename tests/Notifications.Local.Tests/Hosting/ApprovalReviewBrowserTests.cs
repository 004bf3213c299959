using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Notifications.Core.Api;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Identity;
using Notifications.Local.Demo;
using Notifications.Local.Hosting;

namespace Notifications.Local.Tests.Hosting;

/// <summary>
/// What an approver meets, in Debian's chromium at a phone's width (390 px) and a desktop's (1280 px): the approval
/// email in the local mailbox, the approval page and the test page of a campaign with two variants, three translations
/// and a placeholder the query fills. Every form is there; nothing overflows the screen; every button is on screen,
/// large enough to tap and clear of the others; a test push's result on the page is word for word its audit entry.
/// </summary>
public sealed class ApprovalReviewBrowserTests(LocalTestEnvironment environment) : IClassFixture<LocalTestEnvironment>
{
    private const int Users = 300;
    private static readonly float Timeout = (float)TimeSpan.FromMinutes(2).TotalMilliseconds;

    [Fact]
    public async Task ApprovalEmailAndPages_PhoneAndDesktop_EveryFormShownNothingOverflowsButtonsTappable()
    {
        await using var host = await environment.StartHostAsync("review");
        var now = TimeProvider.System.GetUtcNow();
        var registry = host.Services.GetRequiredService<IDeviceRegistry>();
        await DemoData.SeedAsync(registry, Users, invalidPermille: 0, now, _ => { }, CancellationToken.None);
        await DemoData.SeedTestPhonesAsync(registry, now, CancellationToken.None);
        await AnalyticsData.GenerateAsync(host.AnalyticsDatabase, Users, DateOnly.FromDateTime(now.UtcDateTime), CancellationToken.None);
        var campaignId = await SubmitAsync(host);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.ApiUrl.ToString() });
        page.SetDefaultTimeout(Timeout);
        Assertions.SetDefaultExpectTimeout(Timeout);

        // The approval email, as the approver's phone and desktop mail app show it.
        await page.GotoAsync("mailbox");
        await page.Locator("a.message", new PageLocatorOptions { HasTextString = "Approval needed" }).ClickAsync();
        var emailUrl = page.Url;
        var email = new Dictionary<int, Layout>();
        foreach (var width in new[] { 390, 1280 })
        {
            await page.SetViewportSizeAsync(width, 844);
            await page.GotoAsync(emailUrl);
            email[width] = await LayoutAsync(page, "a.email-button");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf($"approval-email-{width}.png") });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf($"approval-email-{width}-full.png"), FullPage = true });
        }

        var emailForms = await page.Locator("[data-form]").CountAsync();
        var emailTopValues = await page.Locator("[data-column='first_name'] [data-top-value]").AllInnerTextsAsync();
        var testLink = await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Send a test push" }).GetAttributeAsync("href");
        var approveLink = await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Approve", Exact = true }).GetAttributeAsync("href");

        // The approval page: the same forms, values and samples; its buttons on screen at both widths.
        var approval = new Dictionary<int, Layout>();
        foreach (var width in new[] { 390, 1280 })
        {
            await page.SetViewportSizeAsync(width, 844);
            await page.GotoAsync(approveLink!);
            approval[width] = await LayoutAsync(page, "button");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf($"approval-page-{width}.png") });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf($"approval-page-{width}-full.png"), FullPage = true });
        }

        var pageForms = await page.Locator("[data-form]").CountAsync();
        var pageLanguages = await page.Locator("[data-form] [data-language]").AllInnerTextsAsync();
        var pageTopValues = await page.Locator("[data-column='first_name'] [data-top-value]").AllInnerTextsAsync();
        var jsonFolded = await page.Locator("details").First.GetAttributeAsync("open");

        // The test page: variant b in French, as sample user 1, to the QA phones; the page then shows each device's outcome.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(testLink!);
        await page.Locator($"input[name=target][value='{LocalServices.DemoTestUserId}']").CheckAsync();
        await page.SelectOptionAsync("#form", "1|fr");
        await page.SelectOptionAsync("#sample", "1");
        await page.ClickAsync("#confirm");
        try
        {
            await page.Locator("[data-test-result][data-final='true']").First.WaitForAsync();
        }
        catch (TimeoutException)
        {
            // Say where the flow stopped: its own account of its steps and its runtime state.
            using var trail = Requester(host);
            var steps = await trail.GetStringAsync($"api/campaigns/{campaignId}/audit");
            var state = await host.Client.GetInstanceAsync(campaignId, getInputsAndOutputs: true);
            Assert.Fail($"the test push never ended: {state?.RuntimeStatus} {state?.FailureDetails?.ErrorMessage}; audit: {steps}");
        }

        var shown = await page.Locator("[data-test-result] [data-summary]").First.InnerTextAsync();
        var outcomes = await page.Locator("[data-test-result] [data-device-outcome]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.deviceOutcome)");
        var testPage = new Dictionary<int, Layout> { [390] = await LayoutAsync(page, "button") };
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("test-page-390.png"), FullPage = false });
        await page.SetViewportSizeAsync(1280, 844);
        await page.ReloadAsync();
        testPage[1280] = await LayoutAsync(page, "button");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("test-page-1280.png") });
        using var http = Requester(host);
        var audit = await http.GetFromJsonAsync<JsonElement>($"api/campaigns/{campaignId}/audit");
        var audited = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "test-sent").GetProperty("detail").GetString();
        var qaPushes = environment.Gateways.Recorder.Records.Where(r => r.CollapseId == campaignId + "-test").ToList();

        Assert.Equal(8, emailForms);
        Assert.Equal(8, pageForms);
        Assert.Equal(2, pageLanguages.Count(l => l.EndsWith("· French (fr)", StringComparison.Ordinal)));
        Assert.Equal(2, pageLanguages.Count(l => l.EndsWith("· Default (every other language)", StringComparison.Ordinal)));
        Assert.NotEmpty(emailTopValues);
        Assert.Equal(emailTopValues, pageTopValues);
        Assert.Null(jsonFolded);
        foreach (var (name, layouts) in new[] { ("email", email), ("approval page", approval), ("test page", testPage) })
        {
            foreach (var (width, layout) in layouts)
            {
                Assert.True(layout.ScrollWidth <= width, $"the {name} is {layout.ScrollWidth} px wide at a {width} px screen: {layout.Wide}");
                Assert.NotEmpty(layout.Buttons);
                Assert.All(layout.Buttons, b => Assert.True(b.X >= 0 && b.X + b.Width <= width && b.Width >= 44 && b.Height >= 40,
                    $"{name} at {width} px: a button at ({b.X:F0},{b.Y:F0}) {b.Width:F0}x{b.Height:F0} is off screen or too small"));
                Assert.False(Overlap(layout.Buttons), $"{name} at {width} px: two buttons overlap");
            }
        }

        Assert.Equal(audited, shown);
        Assert.Contains("variant b, French (fr), as sample user 1", shown, StringComparison.Ordinal);
        Assert.Equal(["Delivered", "Delivered"], outcomes);
        Assert.Equal(2, qaPushes.Count);
        Assert.All(qaPushes, p => Assert.EndsWith(", un artiste que tu vas adorer", p.Title, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestForm_VariantAndTranslation_PreviewDrawsEveryFormAndATestPushReportsEachDevice()
    {
        await using var host = await environment.StartHostAsync("form-review");
        var now = TimeProvider.System.GetUtcNow();
        var registry = host.Services.GetRequiredService<IDeviceRegistry>();
        await DemoData.SeedAsync(registry, Users, invalidPermille: 0, now, _ => { }, CancellationToken.None);
        await DemoData.SeedTestPhonesAsync(registry, now, CancellationToken.None);
        await AnalyticsData.GenerateAsync(host.AnalyticsDatabase, Users, DateOnly.FromDateTime(now.UtcDateTime), CancellationToken.None);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.ApiUrl.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(Timeout);
        Assertions.SetDefaultExpectTimeout(Timeout);

        // Variant a (the fields above) and b (a row), each with a French translation, greeting by the query's first_name.
        await page.GotoAsync("campaigns/new");
        await page.FillAsync("#title", "Artist joined: A/B");
        await page.FillAsync("#audienceQuery", "SELECT user_id, first_name FROM users");
        await page.FillAsync("[id='message.title']", "{{ first_name | default: \"Hi\" }}, a famous artist just joined");
        await page.FillAsync("[id='message.body']", "Follow them to hear the new single first.");
        await page.ClickAsync("#add-variant");
        await page.FillAsync(".variant-row >> nth=0 >> .variant-title", "{{ first_name | default: \"Hi\" }}, your next favourite artist is here");
        await page.FillAsync(".variant-row >> nth=0 >> .variant-body", "Be the first to hear them.");
        await page.FillAsync("#variant-a-percent", "45");
        await page.FillAsync(".variant-row >> nth=0 >> .variant-percent", "45");
        await page.FillAsync("#controlPercent", "10");
        foreach (var (variant, title) in new[] { ("a", "Salut, un artiste célèbre arrive"), ("b", "Salut, ton prochain artiste préféré") })
        {
            await page.ClickAsync("#add-locale");
            var row = page.Locator(".locale-row").Last;
            await row.Locator(".locale-tag").FillAsync("fr");
            await row.Locator(".locale-title").FillAsync(title);
            await row.Locator(".locale-variant").SelectOptionAsync(variant);
        }

        await page.ClickAsync("#preview");
        await Assertions.Expect(page.Locator("#preview-forms [data-form]")).ToHaveCountAsync(4);
        var labels = await page.Locator("#preview-forms [data-slot='label']").AllInnerTextsAsync();
        var frenchB = await page.Locator("#preview-forms [data-form='b/fr'] [data-mock-platform='ios'] [data-slot='title']").InnerTextAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("form-forms-1280.png"), FullPage = true });

        // The test push of variant b in French to the QA phones, before anything is submitted.
        await page.SelectOptionAsync("#test-target", LocalServices.DemoTestUserId);
        await page.SelectOptionAsync("#test-form", "1|fr");
        await page.ClickAsync("#send-test");
        await Assertions.Expect(page.Locator("#test-summary")).ToContainTextAsync("2 delivered");
        var summary = await page.Locator("#test-summary").InnerTextAsync();
        await page.SetViewportSizeAsync(390, 844);
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var wide = await WiderThanAsync(page);
        await page.Locator("#test-panel").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("form-test-390.png") });

        await page.ClickAsync("#submit");
        var campaignId = await page.Locator("#campaign-link").TextContentAsync();
        var stored = await host.Services.GetRequiredService<CampaignStore>().GetAsync(campaignId!);
        var qaPushes = environment.Gateways.Recorder.Records.Where(r => r.CollapseId == "form-test").ToList();

        Assert.Equal(["Variant a · Default (every other language)", "Variant a · French (fr)", "Variant b · Default (every other language)", "Variant b · French (fr)"], labels);
        Assert.Equal("Salut, ton prochain artiste préféré", frenchB);
        Assert.StartsWith("Test push (variant b, French (fr), placeholders as their defaults) to test user QA phones: 2 delivered", summary, StringComparison.Ordinal);
        Assert.True(width <= 390, $"the form is {width} px wide at a 390 px screen: {wide}");
        Assert.Equal(2, qaPushes.Count);
        Assert.All(qaPushes, p => Assert.Equal("Salut, ton prochain artiste préféré", p.Title));
        Assert.Equal(["a", "b"], stored!.Variants!.Select(v => v.Name));
        Assert.Equal((45m, 45m, 10m), (stored.Variants![0].Percent, stored.Variants[1].Percent, stored.ControlPercent));
        Assert.Equal("Salut, ton prochain artiste préféré", stored.Variants[1].Message.Locales!["fr"].Title);
    }

    private static HttpClient Requester(LocalHost host)
    {
        var http = new HttpClient { BaseAddress = host.ApiUrl };
        http.DefaultRequestHeaders.Add(ClientPrincipal.Header, ClientPrincipal.Encode("Maya Marketing", "maya@social.example", objectId: "00000000-0000-4000-8000-00000000a7a0"));
        return http;
    }

    /// <summary>Two variants (and a control group), each in three languages besides the default, greeting by the query's first_name.</summary>
    private static async Task<string> SubmitAsync(LocalHost host)
    {
        static PushMessage Variant(string english, string french, string german, string portuguese) => new()
        {
            Title = "{{ first_name | default: \"Hi there\" }}, " + english,
            Body = "Follow them to hear the new single first.",
            DeepLink = "https://social.example/artists/42",
            Locales = new Dictionary<string, MessageLocale>
            {
                ["fr"] = new() { Title = "{{ first_name | default: \"Salut\" }}, " + french, Body = "Abonne-toi pour écouter le single avant tout le monde." },
                ["de"] = new() { Title = "{{ first_name | default: \"Hallo\" }}, " + german, Body = "Folge und hör die Single vor allen anderen." },
                ["pt-BR"] = new() { Title = "{{ first_name | default: \"Oi\" }}, " + portuguese, Body = "Siga para ouvir o single antes de todo mundo." },
            },
        };

        using var http = Requester(host);
        using var response = await http.PostAsJsonAsync("api/campaigns", new CampaignRequest
        {
            Title = "Artist joined: two wordings",
            AudienceQuery = "SELECT user_id, first_name FROM users WHERE signup_completed",
            Variants =
            [
                new CampaignVariant { Name = "a", Percent = 45, Message = Variant("a famous artist just joined", "un artiste célèbre arrive", "ein berühmter Künstler ist da", "um artista famoso chegou") },
                new CampaignVariant { Name = "b", Percent = 45, Message = Variant("your next favourite artist is here", "un artiste que tu vas adorer", "dein neuer Lieblingskünstler", "seu novo artista favorito") },
            ],
            ControlPercent = 10,
            Platforms = ["android", "ios"],
        }, ApiJson.Options);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        var campaigns = host.Services.GetRequiredService<CampaignStore>();
        for (var i = 0; i < 600 && (await campaigns.GetAsync(id))!.Status != CampaignStatus.AwaitingApproval; i++)
        {
            await Task.Delay(100);
        }

        for (var i = 0; i < 600 && !host.MailSink.Messages.Any(m => m.Subject.StartsWith("Approval needed", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        return id;
    }

    private static async Task<Layout> LayoutAsync(IPage page, string buttons)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var boxes = new List<LocatorBoundingBoxResult>();
        foreach (var button in await page.Locator(buttons).AllAsync())
        {
            if (await button.IsVisibleAsync() && await button.BoundingBoxAsync() is { } box)
            {
                boxes.Add(box);
            }
        }

        return new Layout(width, boxes, await WiderThanAsync(page));
    }

    /// <summary>What sticks out past the screen's right edge, to say which element a failed width check is about.</summary>
    private static Task<string> WiderThanAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
          .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')
            + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')
        """);

    private static bool Overlap(IReadOnlyList<LocatorBoundingBoxResult> boxes) =>
        boxes.SelectMany((a, i) => boxes.Skip(i + 1).Select(b => (a, b)))
            .Any(p => p.a.X < p.b.X + p.b.Width && p.b.X < p.a.X + p.a.Width && p.a.Y < p.b.Y + p.b.Height && p.b.Y < p.a.Y + p.a.Height);

    private sealed record Layout(int ScrollWidth, IReadOnlyList<LocatorBoundingBoxResult> Buttons, string Wide);
}
