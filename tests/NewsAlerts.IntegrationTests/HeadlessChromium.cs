using Microsoft.Playwright;

namespace NewsAlerts;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright. Tests that need it skip, saying why, when it is not
/// installed (<c>apt-get install chromium</c>; CI installs it). Playwright's own browser download is not used.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>The Chromium executable: <c>CHROMIUM_PATH</c>, else the Debian package's.</summary>
    public static string? Executable =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,

            // Without the background-networking switches Chromium reaches for Google's hosts at start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
