namespace NewsAlerts.Articles;

/// <summary>
/// The uploaded file is not an article we can read. The message says why in words a person
/// understands; it is recorded as the article's status reason. Retrying the same bytes cannot help.
/// </summary>
public sealed class ArticleRejectedException : Exception
{
    /// <summary>Creates the exception with the reason recorded for the article.</summary>
    public ArticleRejectedException(string reason)
        : base(reason)
    {
    }

    /// <summary>Creates the exception with the reason and the parser's own error.</summary>
    public ArticleRejectedException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }

    /// <summary>Creates the exception with a generic reason.</summary>
    public ArticleRejectedException()
        : base("the file is not a readable article")
    {
    }
}
