using NewsAlerts.Stories;

namespace NewsAlerts.Evaluation.Stories;

public class MinHashSignatureTests
{
    private const string Text = "The central bank left its main interest rate unchanged on Thursday, saying inflation had fallen faster than expected but was not yet back at its target. Consumer prices rose 2.8 percent in the year to October. The governor said the committee was split, with two members voting for a cut. Markets now expect the first cut in February.";

    [Fact]
    public void IdenticalTextsAreFullySimilarWhateverTheirFormatting()
    {
        var reformatted = "THE CENTRAL BANK left its main interest-rate unchanged on Thursday — saying inflation had fallen faster than expected, but was not yet back at its target.\n\n" + Text[Text.IndexOf("Consumer", StringComparison.Ordinal)..];
        Assert.Equal(1.0, MinHashSignature.Of(Text).Similarity(MinHashSignature.Of(reformatted)), 2);
    }

    [Fact]
    public void UnrelatedTextsAreAlmostNotSimilar()
    {
        var other = "The football club confirmed on Saturday that its captain will miss the derby with a knee injury picked up in training, and the manager said a scan next week would show how long he will be out.";
        Assert.True(MinHashSignature.Of(Text).Similarity(MinHashSignature.Of(other)) < 0.05);
    }

    [Fact]
    public void HalfACopyIsAboutHalfSimilar()
    {
        var half = Text[..Text.IndexOf("The governor", StringComparison.Ordinal)];
        Assert.InRange(MinHashSignature.Of(Text).Similarity(MinHashSignature.Of(half)), 0.35, 0.75);
    }

    [Fact]
    public void SignatureRoundTripsThroughBytes()
    {
        var signature = MinHashSignature.Of(Text);
        var restored = MinHashSignature.FromBytes(signature.ToBytes());
        Assert.Equal(512, signature.ToBytes().Length);
        Assert.Equal(1.0, signature.Similarity(restored));
        Assert.Equal(signature.BandKey(3, 2), restored.BandKey(3, 2));
    }

    [Fact]
    public void EmptyTextIsSimilarToNothing()
    {
        Assert.True(MinHashSignature.Of(" ... ").IsEmpty);
        Assert.Equal(0, MinHashSignature.Of(string.Empty).Similarity(MinHashSignature.Of(string.Empty)));
    }

    [Fact]
    public void ShortTextsStillHaveASignature()
    {
        Assert.Equal(1.0, MinHashSignature.Of("Rates held").Similarity(MinHashSignature.Of("rates, held!")));
    }
}
