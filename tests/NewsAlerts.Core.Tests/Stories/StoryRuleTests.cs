using NewsAlerts.Stories;

namespace NewsAlerts.Stories;

/// <summary>
/// Same-event and different-event pairs written for these tests (not taken from any evaluation data), decided by
/// the product's rule with its default settings and a cold instance's document frequencies.
/// </summary>
public class StoryRuleTests
{
    private static readonly DateTimeOffset Saturday = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
    private static readonly StoryRule Rule = new StoriesOptions().Rule;

    public static TheoryData<string, string, string, string> SameEvent => new()
    {
        {
            "Ferry carrying 240 passengers runs aground off Lampedusa",
            "A passenger ferry with 240 people on board ran aground on rocks off the Italian island of Lampedusa early on Saturday, the coast guard said. Rescue boats took everyone off the vessel within three hours and no one was seriously hurt. The ferry, the Stella Marina, had left Porto Empedocle in Sicily late on Friday. Investigators are examining why it strayed from the usual route in calm weather.",
            "Coast guard rescues all aboard stranded Stella Marina",
            "Italian rescuers evacuated every traveller from the Stella Marina after the ship struck a reef near Lampedusa before dawn. The vessel had sailed overnight from Porto Empedocle with its passengers and crew. Officials said a handful of people were treated for minor injuries. Prosecutors in Agrigento have opened an inquiry into the grounding."
        },
        {
            "Chancellor Weber arrives in Kyiv with air defence pledge",
            "German Chancellor Anna Weber arrived in Kyiv by overnight train on Tuesday and promised two more air defence systems before winter. Weber met President Oleksandr Marchenko at his office and laid flowers at a memorial for soldiers killed since the invasion. It is her first visit to Ukraine since taking office in the spring.",
            "Weber promises Ukraine new air defences on surprise visit",
            "On her first trip to Ukraine as chancellor, Anna Weber told President Marchenko in Kyiv that Berlin would deliver two further air defence batteries before the cold months. The visit was not announced in advance for security reasons; Weber travelled by rail from Poland."
        },
    };

    public static TheoryData<string, string, string, string> DifferentEvents => new()
    {
        {
            "Ferry carrying 240 passengers runs aground off Lampedusa",
            "A passenger ferry with 240 people on board ran aground on rocks off the Italian island of Lampedusa early on Saturday, the coast guard said. Rescue boats took everyone off the vessel within three hours and no one was seriously hurt. The ferry, the Stella Marina, had left Porto Empedocle in Sicily late on Friday.",
            "Lampedusa mayor asks Rome for more reception staff",
            "The mayor of Lampedusa appealed to the government on Thursday for extra staff at the island's reception centre, which is holding three times its capacity after a week of arrivals by sea. Volunteers from Sicily have been sleeping in the town hall to help register new arrivals, the mayor said."
        },
        {
            "Chancellor Weber arrives in Kyiv with air defence pledge",
            "German Chancellor Anna Weber arrived in Kyiv by overnight train on Tuesday and promised two more air defence systems before winter. Weber met President Oleksandr Marchenko at his office and laid flowers at a memorial for soldiers killed since the invasion.",
            "Weber unveils pension reform to raise retirement age",
            "Chancellor Anna Weber's cabinet agreed on Wednesday to raise the retirement age to 68 by 2040 and to let pensions rise with wages only half as fast as today. Weber told reporters in Berlin the reform was needed to keep contributions stable as the baby-boom generation retires."
        },
    };

    [Fact]
    public void ReportsThatShareOnlyTopicWordsNameNothingInCommonAndStayApart()
    {
        // Close in vocabulary (port, container ships, dock workers, strike, pay, union): cosine above the threshold.
        var (story, other) = Vectors(
            "Dock workers at Rotterdam walk out for 48 hours",
            "Dock workers at the port of Rotterdam began a 48-hour strike on Monday after talks over night-shift pay broke down. Container ships were diverted to Antwerp and Hamburg, and the port authority said it expected delays into next week. The union said talks would resume on Wednesday.",
            "Felixstowe crane failure leaves container ships waiting",
            "A power fault disabled four cranes at the port of Felixstowe on Tuesday, leaving a dozen container ships at anchor off the Suffolk coast. Dock workers were sent home without pay, and their union warned it would ballot for a strike if the shifts were not paid. Engineers expect the cranes to be working again by Friday.");

        Assert.True(story.Similarity(other) >= Rule.Threshold);
        Assert.DoesNotContain(other.Distinctive, story.Weights.ContainsKey);
        Assert.Null(Rule.Best(other, Saturday.AddHours(5), [("s", story)]));
    }

    [Theory]
    [MemberData(nameof(SameEvent))]
    public void IndependentReportsOfOneEventJoinOneStory(string title, string body, string otherTitle, string otherBody)
    {
        var (story, other) = Vectors(title, body, otherTitle, otherBody);

        Assert.True(Rule.Best(other, Saturday.AddHours(5), [("s", story)]) is not null, $"similarity {story.Similarity(other)}");
    }

    [Theory]
    [MemberData(nameof(SameEvent))]
    public void AReportInOtherWordsFindsTheStoryThroughTheTermIndex(string title, string body, string otherTitle, string otherBody)
    {
        var (story, other) = Vectors(title, body, otherTitle, otherBody);

        // The product reads only the stories indexed by one of the article's lookup terms.
        Assert.NotEmpty(other.KeyTerms(StoryVector.LookupTerms).Intersect(story.KeyTerms()));
    }

    [Theory]
    [MemberData(nameof(DifferentEvents))]
    public void DifferentEventsThatShareNamesStayApart(string title, string body, string otherTitle, string otherBody)
    {
        var (story, other) = Vectors(title, body, otherTitle, otherBody);

        Assert.True(Rule.Best(other, Saturday.AddHours(5), [("s", story)]) is null, $"similarity {story.Similarity(other)}");
    }

    [Fact]
    public void ARepublishedCopyJoins()
    {
        const string Body = "A passenger ferry with 240 people on board ran aground on rocks off the Italian island of Lampedusa early on Saturday, the coast guard said. Rescue boats took everyone off the vessel within three hours and no one was seriously hurt. The ferry, the Stella Marina, had left Porto Empedocle in Sicily late on Friday.";
        var (story, copy) = Vectors("Ferry runs aground off Lampedusa", Body, "Ferry runs aground off Lampedusa", "ROME (Wire) - " + Body[..(Body.Length * 2 / 3)] + " (Reporting by the wire desk)");

        Assert.True(story.Similarity(copy) > 0.8, $"similarity {story.Similarity(copy)}");
    }

    [Fact]
    public void AStoryStaysOpenForTheWindowAfterItsLatestArticleNotItsFirst()
    {
        var frequencies = new DocumentFrequencies();
        var article = StoryVector.Of("Ferry aground off Lampedusa", "The Stella Marina ran aground off Lampedusa.", frequencies);
        var story = StoryCentroid.Of(article, Saturday).Add(article, Saturday + TimeSpan.FromDays(20));

        Assert.True(Rule.IsOpen(story, Saturday + TimeSpan.FromDays(45)));
        Assert.False(Rule.IsOpen(story, Saturday + TimeSpan.FromDays(51)));
        Assert.True(Rule.IsOpen(story, Saturday - TimeSpan.FromDays(29)), "a late upload of an earlier report still joins");
    }

    [Fact]
    public void ATitleOnlyArticleHasAThresholdOfItsOwn()
    {
        var frequencies = new DocumentFrequencies();

        Assert.Equal(Rule.TitleThreshold, Rule.Needed(StoryVector.Of("Ferry aground off Lampedusa", string.Empty, frequencies)));
        Assert.Equal(Rule.Threshold, Rule.Needed(StoryVector.Of("Ferry aground off Lampedusa", "The Stella Marina ran aground.", frequencies)));
    }

    private static (StoryCentroid Story, StoryVector Other) Vectors(string title, string body, string otherTitle, string otherBody)
    {
        var frequencies = new DocumentFrequencies();
        var first = StoryVector.Of(title, body, frequencies);
        var second = StoryVector.Of(otherTitle, otherBody, frequencies);
        return (StoryCentroid.Of(first, Saturday), second);
    }
}
