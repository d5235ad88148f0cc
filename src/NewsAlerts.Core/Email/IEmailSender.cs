using MimeKit;

namespace NewsAlerts.Email;

/// <summary>Delivers a composed message.</summary>
public interface IEmailSender
{
    /// <summary>Sends <paramref name="message"/>; returns where it went (an <c>.eml</c> path or <c>smtp://host:port</c>).</summary>
    /// <exception cref="EmailRefusedException">The server refused the sender, a recipient or the message for good; retrying will not help.</exception>
    /// <exception cref="EmailDeferredException">The server refused the message for now (4xx); a later try may succeed.</exception>
    Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken = default);
}

/// <summary>The mail server refused the message for a reason that retrying does not change (an SMTP 5xx reply).</summary>
public sealed class EmailRefusedException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> is the server's reply with addresses masked, since it is logged.</summary>
    public EmailRefusedException(string mailbox, int statusCode, string message, Exception innerException)
        : base($"refused by the mail server ({statusCode}): {message}", innerException)
    {
        Mailbox = mailbox;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with a message.</summary>
    public EmailRefusedException(string message)
        : base(message)
    {
        Mailbox = string.Empty;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public EmailRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Mailbox = string.Empty;
    }

    /// <summary>Creates the exception with no detail.</summary>
    public EmailRefusedException()
        : this("the mail server refused the message")
    {
    }

    /// <summary>The refused mailbox.</summary>
    public string Mailbox { get; }

    /// <summary>The SMTP status code the server answered with.</summary>
    public int StatusCode { get; }
}

/// <summary>
/// The mail server refused the message for now (an SMTP 4xx reply: 421 closing, 450 mailbox busy); a later try may
/// succeed. Its message holds the server's reply with email addresses masked, since it is logged.
/// </summary>
public sealed class EmailDeferredException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EmailDeferredException(int statusCode, string reply)
        : base($"deferred by the mail server ({statusCode}): {reply}")
    {
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with a message.</summary>
    public EmailDeferredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public EmailDeferredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public EmailDeferredException()
        : this("the mail server deferred the message")
    {
    }

    /// <summary>The SMTP status code the server answered with.</summary>
    public int StatusCode { get; }
}
