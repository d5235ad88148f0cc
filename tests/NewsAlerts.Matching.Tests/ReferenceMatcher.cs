using NewsAlerts.Matching.Queries;
using NewsAlerts.Matching.Text;

namespace NewsAlerts.Matching;

/// <summary>
/// A deliberately simple matcher to check the engine against: it evaluates the parsed query directly over
/// the token lists of title and body, trying every term at every position. No vocabulary, no presearch, no
/// positions index, no shared state between watchlists. It shares only the tokenizer, the stemmer and the
/// particle list, which define what a word is.
/// </summary>
internal static class ReferenceMatcher
{
    public sealed record Result(IReadOnlyList<string> Terms, double Score, IReadOnlyList<MatchHit> Hits);

    private enum Field
    {
        Title,
        Body,
    }

    private readonly record struct Span(Field Field, int Start, int End);

    private sealed record Document(List<WordToken> Title, List<WordToken> Body)
    {
        public List<WordToken> Of(Field field) => field == Field.Title ? Title : Body;
    }

    public static Result? Match(WatchlistDefinition watchlist, string title, string body)
    {
        var root = watchlist.Query is null ? WatchlistQuery.FromTerms(watchlist.Terms) : WatchlistQuery.Parse(watchlist.Query);
        if (root is QueryOr { Clauses.Count: 0 })
        {
            return null;
        }

        var document = new Document(WordTokenizer.Tokenize(title), WordTokenizer.Tokenize(body));
        if (!Matches(root, document, watchlist.Stem, titleOnly: false))
        {
            return null;
        }

        var terms = new List<string>();
        var hits = new List<(int Term, Span Span)>();
        Collect(root, document, watchlist.Stem, titleOnly: false, negated: false, terms, hits);
        hits.Sort((a, b) =>
            a.Span.Field != b.Span.Field ? a.Span.Field.CompareTo(b.Span.Field)
            : a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start)
            : a.Span.End != b.Span.End ? b.Span.End.CompareTo(a.Span.End)
            : a.Term.CompareTo(b.Term));

        var order = new List<int>();
        var counts = new Dictionary<int, (bool InTitle, int Count)>();
        var located = new List<MatchHit>();
        foreach (var (term, span) in hits)
        {
            var inTitle = span.Field == Field.Title;
            if (counts.TryGetValue(term, out var seen))
            {
                counts[term] = (seen.InTitle || inTitle, seen.Count + 1);
            }
            else
            {
                counts[term] = (inTitle, 1);
                order.Add(term);
            }

            if (located.Count < MatchScore.MaxHits)
            {
                var tokens = document.Of(span.Field);
                located.Add(new MatchHit(
                    terms[term],
                    inTitle ? MatchField.Title : MatchField.Body,
                    tokens[span.Start].Start,
                    tokens[span.End].End - tokens[span.Start].Start,
                    span.Start));
            }
        }

        return new Result(order.Select(t => terms[t]).ToList(), MatchScore.Of(order.Select(t => counts[t])), located);
    }

    private static bool Matches(QueryNode node, Document document, bool stem, bool titleOnly) => node switch
    {
        QueryTerm or QueryNear => Spans(node, document, stem, titleOnly).Count > 0,
        QueryTitle title => Matches(title.Clause, document, stem, titleOnly: true),
        QueryNot not => !Matches(not.Clause, document, stem, titleOnly),
        QueryAnd all => all.Clauses.All(c => Matches(c, document, stem, titleOnly)),
        QueryOr any => any.Clauses.Any(c => Matches(c, document, stem, titleOnly)),
        _ => throw new ArgumentException(node.GetType().Name),
    };

    private static List<Span> Spans(QueryNode node, Document document, bool stem, bool titleOnly)
    {
        var spans = new HashSet<Span>();
        switch (node)
        {
            case QueryTerm term:
                foreach (var field in titleOnly ? [Field.Title] : new[] { Field.Title, Field.Body })
                {
                    var tokens = document.Of(field);
                    foreach (var form in term.Forms)
                    {
                        for (var i = 0; i + form.Count <= tokens.Count; i++)
                        {
                            var all = true;
                            for (var k = 0; k < form.Count && all; k++)
                            {
                                all = WordMatches(form[k], tokens[i + k].Text, stem);
                            }

                            if (all)
                            {
                                spans.Add(new Span(field, i, i + form.Count - 1));
                            }
                        }
                    }
                }

                break;
            case QueryTitle title:
                spans.UnionWith(Spans(title.Clause, document, stem, titleOnly: true));
                break;
            case QueryOr any:
                foreach (var clause in any.Clauses)
                {
                    spans.UnionWith(Spans(clause, document, stem, titleOnly));
                }

                break;
            case QueryNear near:
                var rights = Spans(near.Right, document, stem, titleOnly);
                foreach (var l in Spans(near.Left, document, stem, titleOnly))
                {
                    foreach (var r in rights)
                    {
                        var gap = r.Start > l.End ? r.Start - l.End - 1 : l.Start > r.End ? l.Start - r.End - 1 : -1;
                        if (l.Field == r.Field && gap >= 0 && gap <= near.Distance)
                        {
                            spans.Add(new Span(l.Field, Math.Min(l.Start, r.Start), Math.Max(l.End, r.End)));
                        }
                    }
                }

                break;
            default:
                throw new ArgumentException($"{node.GetType().Name} has no positions");
        }

        return spans.OrderBy(s => s.Field).ThenBy(s => s.Start).ThenBy(s => s.End).ToList();
    }

    private static bool WordMatches(QueryWord word, string token, bool stem)
    {
        if (word.IsPrefix)
        {
            return token.StartsWith(word.Text, StringComparison.Ordinal);
        }

        if (stem && EnglishStems.Applies(word.Text))
        {
            return EnglishStems.Applies(token) && EnglishStems.Stem(token) == EnglishStems.Stem(word.Text);
        }

        if (token == word.Text)
        {
            return true;
        }

        Span<int> lengths = stackalloc int[KoreanParticles.MaxStems];
        var count = KoreanParticles.StemLengths(token, lengths);
        for (var k = 0; k < count; k++)
        {
            if (token.AsSpan(0, lengths[k]).SequenceEqual(word.Text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Numbers the terms in query order (as a match reports them) and gathers the spans of those not excluded.</summary>
    private static void Collect(QueryNode node, Document document, bool stem, bool titleOnly, bool negated, List<string> terms, List<(int Term, Span Span)> hits)
    {
        switch (node)
        {
            case QueryTerm term:
                var index = terms.FindIndex(t => string.Equals(t, term.Text, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    index = terms.Count;
                    terms.Add(term.Text);
                }

                if (!negated)
                {
                    hits.AddRange(Spans(term, document, stem, titleOnly).Select(s => (index, s)));
                }

                break;
            case QueryTitle title:
                Collect(title.Clause, document, stem, titleOnly: true, negated, terms, hits);
                break;
            case QueryNot not:
                Collect(not.Clause, document, stem, titleOnly, negated: true, terms, hits);
                break;
            case QueryAnd all:
                all.Clauses.ToList().ForEach(c => Collect(c, document, stem, titleOnly, negated, terms, hits));
                break;
            case QueryOr any:
                any.Clauses.ToList().ForEach(c => Collect(c, document, stem, titleOnly, negated, terms, hits));
                break;
            case QueryNear near:
                Collect(near.Left, document, stem, titleOnly, negated, terms, hits);
                Collect(near.Right, document, stem, titleOnly, negated, terms, hits);
                break;
        }
    }
}
