using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace NewsAlerts.Cli.Bench;

/// <summary>An article the bench made up: its blob name, its Markdown, the topic it is about.</summary>
internal sealed record GeneratedArticle(string Name, string Text, string Topic);

/// <summary>
/// News-like articles made up from a seed, so every run processes the same ones: events on eight topics, each told
/// by one to seven outlets (four on average) with front matter as users upload it. An event has its place, person,
/// organisation and figures, two sentences of its topic (which carry the watchlist terms) and its own vocabulary:
/// forty common English words (single tokens of the o200k vocabulary ranked 1,000–50,000) its reports are written
/// from, with a share of any other. Reports of one event share their names and most of their words; two events on
/// one topic share a sentence at most. About 300 words each; the words do not make sense, their statistics do.
/// </summary>
internal static class GeneratedArticles
{
    private static readonly string[] Outlets = ["Harbour Gazette", "Evening Wire", "Daily Ledger", "Northern Herald", "Metro Post", "Coastal Times"];

    private static readonly Topic[] Topics =
    [
        new("port strike", ["dock workers", "port strike"],
            ["Dock workers at {place} walk out over pay", "Strike halts the port of {place}", "{place} port shut as union strikes"],
            ["Dock workers at the port of {place} began a {n}-hour strike on {day} after pay talks broke down.", "The union led by {person} said about {n},000 members had stopped work at the container terminals.", "Shipping lines warned that vessels could be diverted away from {place}.", "{org} said talks could resume later in the week with a mediator."]),
        new("election", ["election", "coalition"],
            ["{person} wins {place} election", "Voters in {place} hand {person} a narrow win", "{place} heads for coalition talks after vote"],
            ["Voters in {place} gave {person} the largest share of the vote on {day}, with {n} percent counted.", "Turnout was the highest in two decades, the electoral commission said.", "{person} promised to open coalition talks with {org} within days.", "Opposition leaders conceded defeat late in the evening."]),
        new("earthquake", ["earthquake", "aftershock"],
            ["Magnitude {n} earthquake strikes near {place}", "Quake shakes {place}, rescuers search rubble", "{place} counts damage after strong earthquake"],
            ["A strong earthquake struck near {place} early on {day}, the geological survey said.", "Rescue teams searched collapsed buildings through the night, and {person} declared a state of emergency.", "Aftershocks of up to magnitude {n} were felt across the region.", "{org} sent tents, water and medical teams to the worst-hit districts."]),
        new("merger", ["merger", "acquisition"],
            ["{org} agrees to buy rival in {place}", "{org} merger creates regional giant", "Shareholders back {org} takeover"],
            ["{org} agreed on {day} to buy its largest rival in {place} for {n} billion euros.", "Chief executive {person} said the merger would save costs within three years.", "Regulators are expected to review the acquisition for several months.", "Shares in both companies rose in early trading."]),
        new("wildfire", ["wildfire", "evacuation"],
            ["Wildfire forces evacuations near {place}", "Firefighters battle blaze outside {place}", "Thousands flee as fire spreads toward {place}"],
            ["A wildfire driven by strong winds forced the evacuation of {n},000 residents near {place} on {day}.", "Firefighters backed by aircraft worked through the night, {person} of {org} said.", "Several homes were destroyed and roads into the hills were closed.", "Officials warned that dry weather would continue into next week."]),
        new("interest rates", ["central bank", "interest rates"],
            ["{org} raises interest rates to fight inflation", "Central bank in {place} lifts rates again", "{person} defends rate rise"],
            ["The central bank of {place} raised its main interest rate by {n} basis points on {day}.", "Governor {person} said inflation remained too high and further rises could follow.", "{org} economists had expected a smaller move.", "The currency strengthened after the announcement."]),
        new("rail accident", ["derailment", "train"],
            ["Train derails near {place}", "Passengers hurt as train leaves tracks at {place}", "{org} investigates {place} derailment"],
            ["A passenger train derailed near {place} on {day}, injuring {n} people, the rail operator {org} said.", "Investigators led by {person} were examining the tracks and the signalling.", "Services on the line were suspended while the carriages were removed.", "Passengers described a sudden jolt before the carriages tipped over."]),
        new("trade summit", ["summit", "tariffs"],
            ["Leaders meet in {place} for trade summit", "{person} hosts trade talks in {place}", "Summit in {place} ends with tariff deal"],
            ["Leaders gathered in {place} on {day} for a summit on trade and tariffs hosted by {person}.", "Delegations agreed to cut tariffs on {n} categories of goods, according to {org}.", "Talks on farm subsidies were left for a later meeting.", "Protesters marched outside the conference centre."]),
    ];

    private static readonly string[] Syllables = ["ka", "lo", "mi", "ru", "te", "va", "zo", "ni", "bre", "dus", "fel", "gar", "hal", "jor", "mar", "sel"];
    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>The topics' watchlist terms, for subscribers whose watchlists these articles match.</summary>
    public static IReadOnlyList<(string Topic, IReadOnlyList<string> Terms)> WatchlistTerms { get; } =
        [.. Topics.Select(t => (t.Name, (IReadOnlyList<string>)t.Terms))];

    /// <summary>The first <paramref name="count"/> articles of the run seeded <paramref name="seed"/>, oldest first.</summary>
    public static IEnumerable<GeneratedArticle> Create(int count, int seed = 1)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero);
        for (var made = 0; made < count;)
        {
            var topic = Topics[random.Next(Topics.Length)];
            var slots = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["place"] = Name(random, "ford"),
                ["person"] = Name(random, string.Empty) + " " + Name(random, "son"),
                ["org"] = Name(random, string.Empty) + " Group",
                ["n"] = random.Next(2, 90).ToString(CultureInfo.InvariantCulture),
                ["day"] = Days[random.Next(Days.Length)],
            };
            var at = start.AddMinutes(made * 7);
            var told = topic.Sentences.OrderBy(_ => random.Next()).Take(2).ToList();
            var vocabulary = Enumerable.Range(0, 40).Select(_ => Words.Value[random.Next(Words.Value.Count)]).ToList();
            for (var report = random.Next(1, 8); report > 0 && made < count; report--, made++)
            {
                var outlet = Outlets[random.Next(Outlets.Length)];
                var title = Fill(topic.Titles[random.Next(topic.Titles.Length)], slots);
                var body = new StringBuilder();
                foreach (var sentence in told)
                {
                    body.Append(Fill(sentence, slots)).Append(' ');
                }

                for (var sentence = random.Next(25, 35); sentence > 0; sentence--)
                {
                    var words = Enumerable.Range(0, random.Next(6, 12))
                        .Select(_ => random.Next(10) switch { < 7 => vocabulary[random.Next(vocabulary.Count)], 7 => slots["place"], _ => Words.Value[random.Next(Words.Value.Count)] });
                    var text = string.Join(' ', words);
                    body.Append(char.ToUpperInvariant(text[0])).Append(text[1..]).Append(random.Next(5) == 0 ? ".\n\n" : ". ");
                }

                var name = $"bench-{made:D6}.md";
                var markdown = $"---\ntitle: {title}\nsource: {outlet}\nurl: https://{outlet.Replace(' ', '-').ToLowerInvariant()}.example/{name}\ndate: {at.AddMinutes(report * 3):O}\n---\n\n{body}\n";
                yield return new GeneratedArticle(name, markdown, topic.Name);
            }
        }
    }

    // Common English words: lower-case single tokens of the o200k vocabulary, whose ranks follow frequency.
    private static readonly Lazy<List<string>> Words = new(() =>
    {
        var tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
        var words = new List<string>();
        for (var id = 1000; id < 50_000; id++)
        {
            var token = tokenizer.Decode([id]);
            if (token is [' ', _, _, _, _, ..] && token.Length <= 13 && token.Skip(1).All(char.IsAsciiLetterLower))
            {
                words.Add(token[1..]);
            }
        }

        return words;
    });

    private static string Name(Random random, string suffix)
    {
        var name = string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => Syllables[random.Next(Syllables.Length)])) + suffix;
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static string Fill(string template, Dictionary<string, string> slots)
    {
        foreach (var (slot, value) in slots)
        {
            template = template.Replace("{" + slot + "}", value, StringComparison.Ordinal);
        }

        return template;
    }

    private sealed record Topic(string Name, string[] Terms, string[] Titles, string[] Sentences);
}
