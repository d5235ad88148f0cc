using MailKit.Security;

namespace NewsAlerts.Email;

/// <summary>Settings of the <c>Email</c> configuration section (environment: <c>Email__Key</c>).</summary>
public sealed class EmailOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Email";

    /// <summary>The sender of every digest, as <c>Name &lt;address&gt;</c> or a bare address.</summary>
    public string From { get; set; } = "NewsAlerts <digest@newsalerts.local>";

    /// <summary>Where digests are written as <c>.eml</c> files when no SMTP server is configured.</summary>
    public string PickupDirectory { get; set; } = "outbox";

    /// <summary>The SMTP server; when its host is empty, digests go to <see cref="PickupDirectory"/>.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>Settings of the <c>Email:Smtp</c> configuration section.</summary>
public sealed class SmtpOptions
{
    /// <summary>The server's host name; empty means no SMTP.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port.</summary>
    public int Port { get; set; } = 587;

    /// <summary>User name, when the server wants authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>Password, when the server wants authentication.</summary>
    public string? Password { get; set; }

    /// <summary>TLS: <c>Auto</c> (STARTTLS when offered, implicit TLS on 465), <c>None</c>, <c>SslOnConnect</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    /// <summary>Whether an SMTP server is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
