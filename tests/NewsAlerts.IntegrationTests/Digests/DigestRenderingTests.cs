using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using NewsAlerts.Digests;
using NewsAlerts.Email;
using NewsAlerts.Matching;

namespace NewsAlerts.Digests;

/// <summary>
/// The digest's HTML in a real browser: Debian's Chromium, headless, through Playwright. Screenshots are
/// saved in <c>TestResults/</c> beside the test assembly for a person to look at.
/// </summary>
public class DigestRenderingTests
{
    private static readonly string Results = Path.Combine(AppContext.BaseDirectory, "TestResults");

    private static readonly DigestStory[] Stories =
    [
        new()
        {
            StoryId = "s1",
            Title = "Dock workers at Rotterdam walk out for 48 hours over night-shift pay",
            Url = "https://example.org/ports/rotterdam-strike",
            Summary = "Dock workers at the port of Rotterdam began a 48-hour strike on Monday after talks over night-shift pay broke down. Shipping lines warned that vessels could be diverted to Antwerp or Hamburg.",
            Sources = [new("Harbour Gazette", "https://gazette.example/rotterdam-strike"), new("Wire", "https://wire.example/rotterdam")],
            Watchlists = ["Ports"],
            Terms = ["Rotterdam", "dock workers"],
            Snippets = [Snippet("…the union said dock workers at Rotterdam had stopped work at the container terminals…", "dock workers", "Rotterdam")],
            ArticleCount = 2,
        },
        new()
        {
            StoryId = "s2",
            Title = "Chile switches on its largest solar farm, with battery storage for the night",
            Url = "https://example.org/energy/atacama",
            Summary = "A 1.2-gigawatt solar plant in the Atacama desert is paired with batteries that keep supplying the grid for five hours after sunset.",
            Sources = [new("Andes Energy Review")],
            Watchlists = ["Energy transition"],
            Terms = ["solar", "battery storage"],
            Snippets = [Snippet("Chile has switched on a 1.2-gigawatt solar plant paired with battery storage…", "solar", "battery storage")],
        },
        new()
        {
            // A title with an unbroken 80-character word: a phone must wrap it, not scroll.
            StoryId = "s3",
            Title = "Supercalifragilisticexpialidociousnessandantidisestablishmentarianismconsiderations in parliament today",
            Summary = "A summary without a link.",
            Sources = [new("Parliament Today")],
            Watchlists = ["Politics"],
            Terms = ["parliament"],
        },
        new()
        {
            StoryId = "s4",
            Title = "Lisbon library reopens after restoration",
            Url = "https://example.org/culture/lisbon-library",
            Watchlists = ["Culture"],
            Terms = ["library"],
        },
    ];

    private static MatchSnippet Snippet(string text, params string[] hits) =>
        new(text, hits.Select(h => new SnippetMark(text.IndexOf(h, StringComparison.Ordinal), h.Length)).ToList());

    private static async Task<string> DigestHtmlAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var links = new UnsubscribeLinks(Options.Create(new DigestsOptions { UnsubscribeSigningKey = "a-rendering-test-key-long-enough-to-sign", PublicBaseUrl = "https://news.example.com" }), clock);
        var composer = new DigestComposer(Options.Create(new EmailOptions()), Options.Create(new DigestsOptions { MaxStories = 3 }), links);
        return (await composer.ComposeAsync("alice@example.com", "d2026-11-24", Stories)).HtmlBody!;
    }

    private static async Task<(IPage Page, List<string> Requests)> OpenAsync(IBrowser browser, int width, ColorScheme scheme)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            ColorScheme = scheme,
            DeviceScaleFactor = 1,
        });
        var requests = new List<string>();

        // Every request the page makes is recorded and refused: a digest must need nothing from the network.
        await context.RouteAsync("**/*", async route =>
        {
            lock (requests)
            {
                requests.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(await DigestHtmlAsync(), new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
        return (page, requests);
    }

    [SkippableFact]
    public async Task DigestReadsOnAPhoneWithNoSidewaysScrollingNoNetworkAndEveryTitleVisible()
    {
        Skip.If(HeadlessChromium.Executable is null, "Chromium is not installed (apt-get install chromium)");
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        Directory.CreateDirectory(Results);

        var (phone, requests) = await OpenAsync(browser, 375, ColorScheme.Light);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Results, "digest-375px-light.png"), FullPage = true });

        var scrollWidth = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var innerWidth = await phone.EvaluateAsync<int>("window.innerWidth");
        Assert.True(scrollWidth <= innerWidth, $"the page is {scrollWidth}px wide in a {innerWidth}px window: it scrolls sideways");
        Assert.Empty(requests);

        foreach (var title in Stories.Select(s => s.Title))
        {
            var element = phone.GetByText(title, new PageGetByTextOptions { Exact = true });
            Assert.True(await element.IsVisibleAsync(), $"\"{title}\" is not visible");
            var box = await element.BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= innerWidth + 0.5, $"\"{title}\" runs out of the screen: {box?.X}+{box?.Width}");
        }

        Assert.True(await phone.GetByText("And 1 more story").IsVisibleAsync());
        Assert.True(await phone.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Unsubscribe" }).IsVisibleAsync());
    }

    [SkippableFact]
    public async Task DigestIsSixHundredPixelsWideOnADesktopAndDarkInDarkMode()
    {
        Skip.If(HeadlessChromium.Executable is null, "Chromium is not installed (apt-get install chromium)");
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        Directory.CreateDirectory(Results);

        var (desktop, _) = await OpenAsync(browser, 1024, ColorScheme.Light);
        await desktop.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Results, "digest-1024px-light.png"), FullPage = true });
        var cardWidth = await desktop.EvaluateAsync<double>("document.querySelector('table.na-card').getBoundingClientRect().width");
        Assert.Equal(600, cardWidth, 1);

        var (dark, requests) = await OpenAsync(browser, 375, ColorScheme.Dark);
        await dark.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Results, "digest-375px-dark.png"), FullPage = true });
        var card = Luminance(await dark.EvaluateAsync<string>("getComputedStyle(document.querySelector('table.na-card')).backgroundColor"));
        var text = Luminance(await dark.EvaluateAsync<string>("getComputedStyle(document.querySelector('h1')).color"));
        var highlight = Luminance(await dark.EvaluateAsync<string>("getComputedStyle(document.querySelector('mark')).color"));
        Assert.True(card < 0.1, $"the card is not dark in dark mode (luminance {card:0.00})");
        Assert.True(text > 0.7 && highlight > 0.7, $"text is not light on the dark card ({text:0.00}, {highlight:0.00})");
        Assert.Empty(requests);
    }

    /// <summary>Relative luminance of a CSS <c>rgb(r, g, b)</c> colour, from 0 (black) to 1 (white).</summary>
    private static double Luminance(string rgb)
    {
        var parts = rgb[(rgb.IndexOf('(', StringComparison.Ordinal) + 1)..rgb.IndexOf(')', StringComparison.Ordinal)]
            .Split(',').Take(3).Select(p => double.Parse(p.Trim(), CultureInfo.InvariantCulture) / 255).ToArray();
        static double Linear(double c) => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        return (0.2126 * Linear(parts[0])) + (0.7152 * Linear(parts[1])) + (0.0722 * Linear(parts[2]));
    }
}
