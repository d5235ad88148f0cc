namespace NewsAlerts;

/// <summary>Settings of the <c>NewsAlerts</c> configuration section (environment: <c>NewsAlerts__Key</c>).</summary>
public sealed class NewsAlertsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "NewsAlerts";

    /// <summary>Blob container articles are uploaded to.</summary>
    public string ArticlesContainer { get; set; } = "articles";

    /// <summary>Storage queue that carries one message per subscriber whose digest is due.</summary>
    public string DigestQueue { get; set; } = "digest-due";

    /// <summary>Prefix of every table name, so several deployments can share one account. Letters and digits.</summary>
    public string TablePrefix { get; set; } = string.Empty;

    /// <summary>Largest article accepted, in bytes; larger uploads are recorded as <c>rejected: too large</c>.</summary>
    public long MaxArticleBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>When digests are planned: a six-field NCrontab expression (seconds first), in UTC.</summary>
    public string DigestSchedule { get; set; } = "0 0 * * * *";

    /// <summary>
    /// How many times the local host (<c>newsalerts</c>) tries a digest message before moving it to the poison
    /// queue, and a blob before giving it up; the Functions host reads the same limits from <c>host.json</c>.
    /// </summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>
    /// How many articles the local host processes at once. Each waits on storage most of its time, so more than the
    /// cores helps until storage is the limit (README, "Load"); the Functions host scales by instances instead.
    /// </summary>
    public int ScanConcurrency { get; set; } = 4;
}
