namespace NewsAlerts.Text;

public class DisplayTextTests
{
    [Theory]
    [InlineData("Invoice \u202Egnp.exe", "Invoice gnp.exe")]
    [InlineData("\u2066Rates\u2069 \u202Aheld\u202C \u202Bat\u202C \u202D4.5%\u202C", "Rates held at 4.5%")]
    [InlineData("Pay\u200Bpal \u200Esecurity\u200F \uFEFFalert", "Paypal security alert")]
    [InlineData("Rotter\u2060dam\u00AD port", "Rotterdam port")]
    [InlineData("Harbour\r\nGazette\n\u2028Daily\u2029", "Harbour Gazette Daily")]
    [InlineData("Tab\tand\u0007bell  and   spaces", "Tab and bell and spaces")]
    [InlineData("Hidden\U000E0049\U000E0067\U000E006E tag text", "Hidden tag text")]
    [InlineData("ab\u200Dcd\u200Cef", "abcdef")]
    public void LineRemovesWhatChangesTheTextUnseenAndPutsItOnOneLine(string text, string expected) =>
        Assert.Equal(expected, DisplayText.Line(text));

    [Theory]
    [InlineData("می\u200Cخواهم")]
    [InlineData("👨\u200D👩\u200D👧")]
    [InlineData("Caf\u00e9 \u201cquoted\u201d S\u00e3o Paulo \u00a0no-break 北京 مرحبا עברית")]
    public void LineKeepsJoinersThatShapeScriptsAndEveryVisibleLetter(string text) =>
        Assert.Equal(text, DisplayText.Line(text));

    [Fact]
    public void BlockKeepsLinesAsOneLineFeedAndRemovesControlsAndInvisibles()
    {
        Assert.Equal("First line\nsecond\n\nthird\tcolumn x", DisplayText.Block("First\u202E line\r\nsecond\r\n\u2029third\tcolumn\u0000 \u200Bx"));
    }

    [Fact]
    public void CleanTextIsReturnedAsItIs()
    {
        const string Text = "Dock workers strike at Rotterdam.\n\nTalks resume Friday.";
        Assert.Same(Text, DisplayText.Block(Text));
        Assert.Equal("One line", DisplayText.Line("One line"));
    }
}
