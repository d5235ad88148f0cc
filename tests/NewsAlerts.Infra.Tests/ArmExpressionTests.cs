namespace NewsAlerts.Infra.Tests;

/// <summary>The expression reader the app settings tests rely on.</summary>
public sealed class ArmExpressionTests
{
    [Fact]
    public void ACallKeepsItsArgumentsAndAStringLiteralItsValue()
    {
        var call = Assert.IsType<ArmCall>(ArmExpression.Parse("createObject('it''s', format('x{0}', parameters('p')))"));

        Assert.Equal("createObject", call.Name);
        Assert.Equal("it's", Assert.IsType<ArmString>(call.Arguments[0]).Value);
        Assert.Equal("[format('x{0}', parameters('p'))]", call.Arguments[1].AsPropertyValue());
    }

    [Fact]
    public void PropertiesAndIndexesAfterACallAreKeptAsText()
    {
        const string Text = "reference(resourceId('T', 'n'), '2024-01-01').primaryEndpoints[variables('k')[0]].blob";

        Assert.Equal(new ArmOther(Text), ArmExpression.Parse(Text));
    }

    [Theory]
    [InlineData("createObject('a'")]
    [InlineData("createObject('a') extra")]
    [InlineData("'unterminated")]
    public void MalformedExpressionsAreRejected(string text) =>
        Assert.Throws<FormatException>(() => ArmExpression.Parse(text));
}
