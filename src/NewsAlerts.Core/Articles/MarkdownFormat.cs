using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NewsAlerts.Articles;

/// <summary>
/// Reads <c>.md</c> articles with a CommonMark parser (Markdig): YAML front matter (<c>title</c>, <c>source</c>,
/// <c>url</c>, <c>date</c>, read by YamlDotNet), the first heading as the title, and the body as plain text,
/// so summaries and snippets read as prose.
/// </summary>
/// <remarks>
/// Front matter that is not a YAML mapping (an unterminated quote, a stray indent, no closing <c>---</c>) is kept as
/// body text and never gives the title: guessing values out of broken YAML would give titles such as
/// <c>title: "unterminated</c>. The title is then the first heading, else the first line after it that reads as one.
/// </remarks>
internal static class MarkdownFormat
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    public static ParsedArticle Parse(string text)
    {
        var document = Markdown.Parse(text, Pipeline);
        var front = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var paragraphs = new List<string>();
        string? title = null;
        string? brokenFront = null;
        for (var i = 0; i < document.Count; i++)
        {
            var block = document[i];
            if (block is YamlFrontMatterBlock frontMatter)
            {
                var yaml = frontMatter.Lines.ToString();
                if (ReadFrontMatter(yaml) is { } values)
                {
                    front = values;
                    // Entities read as in a heading: a title written "&lt;b&gt;" for a page shows as "<b>".
                    title = front.GetValueOrDefault("title") is { } stated ? System.Net.WebUtility.HtmlDecode(stated) : null;
                }
                else
                {
                    brokenFront = yaml.Trim();
                }

                continue;
            }

            // Front matter never closed: its "---" reads as a rule and its lines as the first paragraph, which is kept as
            // text but is no more the title than closed broken front matter is.
            if (i == 0 && block is ThematicBreakBlock && text.StartsWith("---", StringComparison.Ordinal) && document.Count > 1 && document[1] is ParagraphBlock opened)
            {
                brokenFront = PlainText(opened);
                i++;
                continue;
            }

            if (block is HeadingBlock heading && title is null && PlainText(heading) is { Length: > 0 } headingText)
            {
                title = headingText;
                continue;
            }

            AddText(block, paragraphs);
        }

        var body = string.Join("\n\n", paragraphs.Where(p => p.Length > 0));
        if (title is null)
        {
            var plain = PlainTextFormat.Parse(body);
            (title, body) = (plain.Title, plain.Body);
        }

        if (brokenFront is { Length: > 0 })
        {
            body = body.Length > 0 ? brokenFront + "\n\n" + body : brokenFront;
        }

        return new ParsedArticle(title, body, front.GetValueOrDefault("source"), front.GetValueOrDefault("url"), ParseDate(front.GetValueOrDefault("date")));
    }

    /// <summary>The scalar values of a YAML mapping, or null when the text is not one.</summary>
    private static Dictionary<string, string>? ReadFrontMatter(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException)
        {
            return null;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode { Value: { Length: > 0 } text })
            {
                values[name.Trim()] = text.Trim();
            }
        }

        return values;
    }

    /// <summary>Adds the text of <paramref name="block"/> as paragraphs; list items and code lines keep a line each.</summary>
    private static void AddText(Block block, List<string> paragraphs)
    {
        switch (block)
        {
            case LeafBlock { Inline: not null } leaf:
                paragraphs.Add(PlainText(leaf));
                break;
            case CodeBlock code:
                paragraphs.Add(code.Lines.ToString().Trim());
                break;
            case HtmlBlock html:
                paragraphs.Add(HtmlFormat.FragmentText(html.Lines.ToString()));
                break;
            case ListBlock list:
                var items = new List<string>();
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var itemText = new List<string>();
                    foreach (var child in item)
                    {
                        AddText(child, itemText);
                    }

                    items.Add(string.Join('\n', itemText.Where(t => t.Length > 0)));
                }

                paragraphs.Add(string.Join('\n', items.Where(t => t.Length > 0)));
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AddText(child, paragraphs);
                }

                break;
        }
    }

    private static string PlainText(LeafBlock block)
    {
        var text = new StringBuilder();
        if (block.Inline is not null)
        {
            AppendText(block.Inline, text);
        }

        return text.ToString().Trim();
    }

    private static void AppendText(ContainerInline container, StringBuilder text)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                // Images are pictures, not prose; their alt text would read as a stray phrase.
                case LinkInline { IsImage: true }:
                    break;
                case LiteralInline literal:
                    text.Append(literal.Content.AsSpan());
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case LineBreakInline:
                    text.Append('\n');
                    break;
                case ContainerInline child:
                    AppendText(child, text);
                    break;
            }
        }
    }

    private static DateTimeOffset? ParseDate(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
