using NewsAlerts.Matching;

namespace NewsAlerts.Storage;

public class MatchEntityTests
{
    [Fact]
    public void SnippetsRoundTripAndAreBounded()
    {
        var snippet = new MatchSnippet("…the *dock* workers", [new SnippetMark(5, 4)]);
        var entity = new MatchEntity { SnippetsJson = MatchEntity.SerializeSnippets([snippet]) };
        Assert.Equal(snippet.Text, Assert.Single(entity.ReadSnippets()).Text);
        Assert.Equal([new SnippetMark(5, 4)], entity.ReadSnippets()[0].Marks);

        var huge = new MatchSnippet(new string('x', 3000), []);
        var bounded = MatchEntity.SerializeSnippets([huge, huge]);
        Assert.True(bounded.Length <= MatchEntity.MaxSnippetsJsonLength);
        Assert.Single(new MatchEntity { SnippetsJson = bounded }.ReadSnippets());
        Assert.Empty(new MatchEntity().ReadSnippets());
    }
}
