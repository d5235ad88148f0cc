namespace NewsAlerts.Infra.Tests;

/// <summary>
/// An ARM template expression (the text inside "[...]"), parsed far enough to take apart an object Bicep builds from
/// calls: an object literal with a conditional spread compiles to shallowMerge, createArray, createObject and if.
/// </summary>
internal abstract record ArmExpression(string Text)
{
    public static ArmExpression Parse(string expression)
    {
        var parser = new Parser(expression);
        var parsed = parser.Expression();
        parser.End();
        return parsed;
    }

    /// <summary>The expression as a JSON property value: a string literal as itself, anything else in brackets.</summary>
    public string AsPropertyValue() => this is ArmString literal ? literal.Value : $"[{Text}]";

    private sealed class Parser(string text)
    {
        private int _position;

        private char Next => _position < text.Length ? text[_position] : '\0';

        public ArmExpression Expression()
        {
            SkipSpaces();
            var start = _position;
            if (Next == '\'')
            {
                var value = ReadString(start);
                return new ArmString(text[start.._position], value);
            }

            if (Next == '-' || char.IsAsciiDigit(Next))
            {
                do
                {
                    _position++;
                }
                while (char.IsAsciiDigit(Next));
                return new ArmOther(text[start.._position]);
            }

            var name = Identifier();
            Expect('(');
            var arguments = new List<ArmExpression>();
            SkipSpaces();
            if (Next != ')')
            {
                arguments.Add(Expression());
                while (Consume(','))
                {
                    arguments.Add(Expression());
                }
            }

            Expect(')');
            var accessed = false;
            while (Next is '.' or '[')
            {
                accessed = true;
                if (Consume('.'))
                {
                    Identifier();
                }
                else
                {
                    Expect('[');
                    Expression();
                    Expect(']');
                }
            }

            var source = text[start.._position];
            return accessed ? new ArmOther(source) : new ArmCall(source, name, arguments);
        }

        public void End()
        {
            SkipSpaces();
            if (_position != text.Length)
            {
                throw Unexpected();
            }
        }

        // A quote inside a literal is written twice.
        private string ReadString(int start)
        {
            _position = EndOfString(start);
            return text[(start + 1)..(_position - 1)].Replace("''", "'", StringComparison.Ordinal);
        }

        private int EndOfString(int start)
        {
            var position = start + 1;
            while (true)
            {
                var quote = text.IndexOf('\'', position);
                if (quote < 0)
                {
                    throw new FormatException($"Unterminated string at {start} in [{text}].");
                }

                if (quote + 1 < text.Length && text[quote + 1] == '\'')
                {
                    position = quote + 2;
                    continue;
                }

                return quote + 1;
            }
        }

        private string Identifier()
        {
            var start = _position;
            while (char.IsAsciiLetterOrDigit(Next) || Next == '_')
            {
                _position++;
            }

            return _position > start ? text[start.._position] : throw Unexpected();
        }

        private bool Consume(char expected)
        {
            SkipSpaces();
            if (Next != expected)
            {
                return false;
            }

            _position++;
            return true;
        }

        private void Expect(char expected)
        {
            if (!Consume(expected))
            {
                throw Unexpected();
            }
        }

        private void SkipSpaces()
        {
            while (Next == ' ')
            {
                _position++;
            }
        }

        private FormatException Unexpected() => new($"Unexpected '{Next}' at {_position} in [{text}].");
    }
}

/// <summary>A string literal; <see cref="Value"/> is what it stands for.</summary>
internal sealed record ArmString(string Text, string Value) : ArmExpression(Text);

/// <summary>A function call and its arguments.</summary>
internal sealed record ArmCall(string Text, string Name, IReadOnlyList<ArmExpression> Arguments) : ArmExpression(Text);

/// <summary>Anything else, kept as text: a number, or a call followed by a property or an index.</summary>
internal sealed record ArmOther(string Text) : ArmExpression(Text);
