using System.Globalization;
using System.Text;
using NewsAlerts.Matching.Queries;
using Xunit.Abstractions;

namespace NewsAlerts.Matching;

/// <summary>
/// The engine against <see cref="ReferenceMatcher"/> over thousands of generated queries and texts, with a
/// fixed seed. Vocabularies are small so that terms hit often, and adversarial: overlapping and repeated
/// phrases, hyphen, apostrophe and joined variants, terms at the edges of title and body, punctuation
/// runs, words glued across scripts, particles, inflections, prefixes.
/// </summary>
public class DifferentialMatchingTests(ITestOutputHelper output)
{
    private const int Seed = 20261124;
    private const int Rounds = 200;
    private const int WatchlistsPerRound = 15;
    private const int TextsPerRound = 20;

    private static readonly string[] QueryWords =
    [
        "putin", "Putin", "xi", "visit", "visits", "visited", "kim", "jong-un", "Jong-Un", "jongun", "un", "jong", "new", "york",
        "new-york", "times", "pyongyang", "Pyŏngyang", "서울", "서울에서", "학생", "москва", "Москве", "北京", "京", "東京", "ロシア",
        "bank", "banking", "central", "the", "a", "o'brien", "café", "cafe", "1999", "file", "news", "state",
    ];

    private static readonly string[] QueryPrefixes = ["vis*", "ban*", "Москв*", "jong*", "서울*", "new*", "centr*", "ti*", "北*"];

    private static readonly string[] TextWords =
    [
        "Putin", "PUTIN", "putin", "Putin's", "Putin’s", "Rasputin", "Xi", "XI", "visit", "visits", "visited", "visiting", "Visitor",
        "Kim", "Jong-un", "Jong-Un", "Jongun", "JONGUN", "Jong", "Un", "New", "new", "York", "YORK", "new-york", "Times", "times",
        "Pyongyang", "Pyŏngyang", "Pyo\u0306ngyang", "서울", "서울에서", "서울의", "서울대", "학생들이", "Москва", "МОСКВЕ", "москвы",
        "北京", "北京市", "京北", "東京都", "ロシアの", "bank", "banking", "Banks", "Central", "central", "the", "a", "A", "O'Brien",
        "O’Brien", "café", "CAFE", "1999", "ﬁle", "file", "news", "News", "state", "States",
    ];

    private static readonly string[] Separators =
    [
        " ", " ", " ", " ", " ", "  ", ", ", ". ", "-", "—", "\u00A0", "...", "\n", " (", ") ", " \"", "\" ", " “", "” ", "!!! ", "'", "’", "", "/",
    ];

    [Fact]
    public void EngineAgreesWithTheReferenceOnGeneratedQueriesAndTexts()
    {
        var random = new Random(Seed);
        int queries = 0, invalid = 0, comparisons = 0, matched = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var watchlists = new List<WatchlistDefinition>();
            for (var w = 0; w < WatchlistsPerRound; w++)
            {
                var name = "W" + w.ToString(CultureInfo.InvariantCulture);
                var stem = random.NextDouble() < 0.3;
                if (random.NextDouble() < 0.3)
                {
                    var terms = Enumerable.Range(0, random.Next(1, 5)).Select(_ => PlainTerm(random)).ToList();
                    watchlists.Add(new WatchlistDefinition("a@example.com", name, terms, null, stem));
                    continue;
                }

                var query = Render(Generate(random, depth: 3, positional: false));
                try
                {
                    WatchlistQuery.Parse(query);
                }
                catch (QuerySyntaxException)
                {
                    invalid++;
                    continue;
                }

                queries++;
                watchlists.Add(new WatchlistDefinition("a@example.com", name, [], query, stem));
            }

            var matcher = WatchlistMatcher.Compile(watchlists);
            for (var t = 0; t < TextsPerRound; t++)
            {
                var title = Text(random, random.Next(0, 7));
                var body = Text(random, random.Next(0, 40));
                var actual = matcher.Match(title, body).ToDictionary(m => m.Watchlist);
                foreach (var watchlist in watchlists)
                {
                    comparisons++;
                    var expected = ReferenceMatcher.Match(watchlist, title, body);
                    actual.TryGetValue(watchlist.Name, out var match);
                    var context = $"round {round}, {(watchlist.Stem ? "stemmed " : string.Empty)}{(watchlist.Query is null ? "terms " + string.Join(" | ", watchlist.Terms) : "query " + watchlist.Query)}\ntitle: {title}\nbody: {body}";
                    Assert.True((expected is null) == (match is null), $"matched: reference {expected is not null}, engine {match is not null}; {context}");
                    if (expected is null || match is null)
                    {
                        continue;
                    }

                    matched++;
                    Assert.True(expected.Terms.SequenceEqual(match.Terms), $"terms: reference [{string.Join(", ", expected.Terms)}], engine [{string.Join(", ", match.Terms)}]; {context}");
                    Assert.True(expected.Score == match.Score, $"score: reference {expected.Score}, engine {match.Score}; {context}");
                    Assert.True(expected.Hits.SequenceEqual(match.Hits), $"hits: reference {string.Join(", ", expected.Hits)}, engine {string.Join(", ", match.Hits)}; {context}");
                }
            }
        }

        output.WriteLine($"{queries} queries ({invalid} generated invalid and skipped), {comparisons} comparisons, {matched} matches");
        Assert.True(queries > 1500, $"only {queries} valid queries were generated");
        Assert.True(matched > comparisons / 20, $"only {matched} of {comparisons} matched: the generator tests too little");
        Assert.True(matched < comparisons * 3 / 4, $"{matched} of {comparisons} matched: the generator tests too little of non-matching");
    }

    private abstract record Node;

    private sealed record Leaf(string Text) : Node;

    private sealed record Composite(string Kind, Node[] Children, int Distance = 0) : Node;

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static Node Generate(Random random, int depth, bool positional)
    {
        if (depth == 0 || random.NextDouble() < 0.35)
        {
            var kind = random.NextDouble();
            if (kind < 0.55)
            {
                return new Leaf(Pick(random, QueryWords));
            }

            if (kind < 0.8)
            {
                var words = Enumerable.Range(0, random.Next(2, 4)).Select(_ => Pick(random, QueryWords));
                if (random.NextDouble() < 0.2)
                {
                    words = words.Append(Pick(random, QueryPrefixes));
                }

                return new Leaf("\"" + string.Join(' ', words) + "\"");
            }

            return new Leaf(Pick(random, QueryPrefixes));
        }

        var choice = random.Next(positional ? 3 : 5);
        return (positional, choice) switch
        {
            (_, 0) => new Composite("OR", Children(random, depth, positional)),
            (_, 1) => new Composite("NEAR", [Generate(random, depth - 1, true), Generate(random, depth - 1, true)], random.Next(0, 4)),
            (_, 2) => new Composite("TITLE", [Generate(random, depth - 1, positional)]),
            _ => new Composite("AND", Children(random, depth, positional: false)),
        };
    }

    private static Node[] Children(Random random, int depth, bool positional)
    {
        var children = Enumerable.Range(0, random.Next(2, 4)).Select(_ => Generate(random, depth - 1, positional)).ToArray();
        if (!positional && random.NextDouble() < 0.4)
        {
            // An exclusion beside positive clauses (AND only: the parser refuses OR -x).
            children = [.. children, new Composite("NOT", [Generate(random, depth - 1, false)])];
        }

        return children;
    }

    private static string Render(Node node) => node switch
    {
        Leaf leaf => leaf.Text,
        Composite { Kind: "OR" } c => "(" + string.Join(" OR ", c.Children.Select(Render)) + ")",
        Composite { Kind: "AND" } c when c.Children.Any(ch => ch is Composite { Kind: "NOT" }) =>
            "(" + string.Join(' ', c.Children.Select(Render)) + ")",
        Composite { Kind: "AND" } c => "(" + string.Join(' ', c.Children.Select(Render)) + ")",
        Composite { Kind: "NOT" } c => "-" + Render(c.Children[0]),
        Composite { Kind: "NEAR" } c => "(" + Render(c.Children[0]) + " NEAR/" + c.Distance.ToString(CultureInfo.InvariantCulture) + " " + Render(c.Children[1]) + ")",
        Composite { Kind: "TITLE" } c => "title:" + Render(c.Children[0]),
        _ => throw new ArgumentException(node.ToString()),
    };

    private static string PlainTerm(Random random) =>
        random.NextDouble() < 0.6 ? Pick(random, QueryWords) : string.Join(' ', Enumerable.Range(0, random.Next(2, 4)).Select(_ => Pick(random, QueryWords)));

    private static string Text(Random random, int words)
    {
        var text = new StringBuilder();
        if (random.NextDouble() < 0.2)
        {
            text.Append(Pick(random, Separators));
        }

        for (var i = 0; i < words; i++)
        {
            if (i > 0)
            {
                text.Append(Pick(random, Separators));
            }

            // Runs of the same word, for overlapping and repeated phrases.
            var word = Pick(random, TextWords);
            text.Append(word);
            if (random.NextDouble() < 0.1)
            {
                text.Append(' ').Append(word);
            }
        }

        if (random.NextDouble() < 0.2)
        {
            text.Append(Pick(random, Separators));
        }

        return text.ToString();
    }
}
