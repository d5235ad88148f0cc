namespace NewsAlerts.Text;

/// <summary>
/// The Porter stemmer as NLTK 3.8 implements it in its default mode (<c>NLTK_EXTENSIONS</c>): Martin
/// Porter's later extensions plus NLTK's own (irregular forms such as <c>dying</c> → <c>die</c>,
/// <c>skies</c> → <c>sky</c>; <c>flies</c> → <c>fli</c> but <c>dies</c> → <c>die</c>; words of one or two
/// letters left alone). This is the stemmer rouge_score uses, so stems agree with published ROUGE scores.
/// </summary>
/// <remarks>
/// It is in Core, not in NewsAlerts.Evaluation with ROUGE, because the extractive summarizer stems its sentence
/// terms with it, as ROUGE stems them. Stateless and thread-safe. It works in a stack buffer and returns the input
/// instance when nothing changes, so stemming an already-stemmed or short word allocates nothing.
/// </remarks>
public static class PorterStemmer
{
    private const int StackBufferLimit = 128;

    /// <summary>Returns the stem of <paramref name="word"/>, lower-cased.</summary>
    /// <param name="word">A single word. Letters other than a, e, i, o, u and y count as consonants, digits included.</param>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);

        // NLTK looks the word up in its irregular forms as given, before lower-casing it.
        var irregular = IrregularForm(word);
        if (irregular is not null)
        {
            return irregular;
        }

        Span<char> buffer = word.Length <= StackBufferLimit ? stackalloc char[word.Length] : new char[word.Length];
        for (var i = 0; i < word.Length; i++)
        {
            buffer[i] = char.ToLowerInvariant(word[i]);
        }

        var length = word.Length;
        if (length > 2)
        {
            length = Step1A(buffer, length);
            length = Step1B(buffer, length);
            length = Step1C(buffer, length);
            length = Step2(buffer, length);
            length = Step3(buffer, length);
            length = Step4(buffer, length);
            length = Step5A(buffer, length);
            length = Step5B(buffer, length);
        }

        var stem = buffer[..length];
        return stem.SequenceEqual(word) ? word : new string(stem);
    }

    private static string? IrregularForm(string word) => word switch
    {
        "sky" or "skies" => "sky",
        "dying" => "die",
        "lying" => "lie",
        "tying" => "tie",
        "news" => "news",
        "innings" or "inning" => "inning",
        "outings" or "outing" => "outing",
        "cannings" or "canning" => "canning",
        "howe" => "howe",
        "proceed" => "proceed",
        "exceed" => "exceed",
        "succeed" => "succeed",
        _ => null,
    };

    // Step 1a: plurals. SSES -> SS, IES -> I (IE for four-letter words: ties -> tie), SS -> SS, S -> .
    private static int Step1A(Span<char> w, int length)
    {
        var word = w[..length];
        if (word.EndsWith("ies") && length == 4)
        {
            return length - 1;
        }

        if (word.EndsWith("sses"))
        {
            return length - 2;
        }

        if (word.EndsWith("ies"))
        {
            return length - 2;
        }

        if (word.EndsWith("ss"))
        {
            return length;
        }

        return word.EndsWith("s") ? length - 1 : length;
    }

    // Step 1b: -eed, -ed, -ing, and the clean-up that restores a final e or undoubles a consonant.
    private static int Step1B(Span<char> w, int length)
    {
        var word = w[..length];
        if (word.EndsWith("ied"))
        {
            // spied -> spi, died -> die
            return length == 4 ? length - 1 : length - 2;
        }

        if (word.EndsWith("eed"))
        {
            return Measure(word[..^3]) > 0 ? length - 1 : length;
        }

        int stemLength;
        if (word.EndsWith("ed") && ContainsVowel(word[..^2]))
        {
            stemLength = length - 2;
        }
        else if (word.EndsWith("ing") && ContainsVowel(word[..^3]))
        {
            stemLength = length - 3;
        }
        else
        {
            return length;
        }

        var stem = w[..stemLength];
        if (stem.EndsWith("at") || stem.EndsWith("bl") || stem.EndsWith("iz"))
        {
            w[stemLength] = 'e';
            return stemLength + 1;
        }

        if (EndsWithDoubleConsonant(stem))
        {
            var last = stem[^1];
            return last is 'l' or 's' or 'z' ? stemLength : stemLength - 1;
        }

        if (Measure(stem) == 1 && EndsCvc(stem))
        {
            w[stemLength] = 'e';
            return stemLength + 1;
        }

        return stemLength;
    }

    // Step 1c: a final y after a consonant becomes i (happy -> happi, enjoy stays, spy -> spi).
    private static int Step1C(Span<char> w, int length)
    {
        var word = w[..length];
        if (word.EndsWith("y") && length - 1 > 1 && IsConsonant(word, length - 2))
        {
            w[length - 1] = 'i';
        }

        return length;
    }

    private static int Step2(Span<char> w, int length)
    {
        var word = w[..length];

        // NLTK applies ALLI -> AL first and, when it fires, runs step 2 again on the result.
        if (word.EndsWith("alli") && Measure(word[..^4]) > 0)
        {
            return Step2(w, length - 2);
        }

        // LOGI -> LOG (last in NLTK's list, but no other suffix can match a word ending in -logi), with the l
        // counted in the stem so that short stems like geo- and theo- qualify.
        if (word.EndsWith("logi"))
        {
            return Measure(word[..^3]) > 0 ? length - 1 : length;
        }

        return ApplyFirstRule(w, length, Step2Rules);
    }

    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
        ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"),
        ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"),
        ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"), ("fulli", "ful"),
    ];

    private static int Step3(Span<char> w, int length) => ApplyFirstRule(w, length, Step3Rules);

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ];

    // The first rule whose suffix matches decides: its replacement applies when the rest has a positive
    // measure, and otherwise the word stays as it is (no later rule is tried).
    private static int ApplyFirstRule(Span<char> w, int length, (string Suffix, string Replacement)[] rules)
    {
        var word = w[..length];
        foreach (var (suffix, replacement) in rules)
        {
            if (!word.EndsWith(suffix))
            {
                continue;
            }

            var stemLength = length - suffix.Length;
            if (Measure(word[..stemLength]) == 0)
            {
                return length;
            }

            replacement.AsSpan().CopyTo(w[stemLength..]);
            return stemLength + replacement.Length;
        }

        return length;
    }

    // Step 4 drops a suffix when the rest has measure > 1. As in NLTK, the first suffix that matches decides:
    // a word ending in -ement whose stem is too short keeps its -ment as well.
    private static int Step4(Span<char> w, int length)
    {
        var word = w[..length];
        foreach (var suffix in Step4Suffixes)
        {
            if (!word.EndsWith(suffix))
            {
                continue;
            }

            var stem = word[..^suffix.Length];
            var drop = Measure(stem) > 1 && (suffix != "ion" || stem[^1] is 's' or 't');
            return drop ? stem.Length : length;
        }

        return length;
    }

    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism",
        "ate", "iti", "ous", "ive", "ize",
    ];

    // Step 5a: drop a final e when the measure allows (probate -> probat, cease -> ceas, but rate stays).
    private static int Step5A(Span<char> w, int length)
    {
        var word = w[..length];
        if (!word.EndsWith("e"))
        {
            return length;
        }

        var stem = word[..^1];
        var measure = Measure(stem);
        return measure > 1 || (measure == 1 && !EndsCvc(stem)) ? length - 1 : length;
    }

    // Step 5b: controll -> control when the measure is > 1.
    private static int Step5B(Span<char> w, int length)
    {
        var word = w[..length];
        return word.EndsWith("ll") && Measure(word[..^1]) > 1 ? length - 1 : length;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    // A consonant is a letter other than a, e, i, o, u, and other than a y that follows a consonant.
    private static bool IsConsonant(ReadOnlySpan<char> word, int i)
    {
        var consonant = true;
        var start = i;
        while (start > 0 && word[start] == 'y')
        {
            start--;
        }

        // word[start] is the first letter of the run of y's ending at i, or the letter before it.
        for (var k = start; k <= i; k++)
        {
            var c = word[k];
            consonant = c == 'y' ? k == 0 || !consonant : !IsVowel(c);
        }

        return consonant;
    }

    // m in [C](VC){m}[V]: the number of vowel-consonant transitions.
    private static int Measure(ReadOnlySpan<char> stem)
    {
        var measure = 0;
        var previousConsonant = true;
        for (var i = 0; i < stem.Length; i++)
        {
            var c = stem[i];
            var consonant = c == 'y' ? i == 0 || !previousConsonant : !IsVowel(c);
            if (consonant && !previousConsonant)
            {
                measure++;
            }

            previousConsonant = consonant;
        }

        return measure;
    }

    private static bool ContainsVowel(ReadOnlySpan<char> stem)
    {
        for (var i = 0; i < stem.Length; i++)
        {
            if (!IsConsonant(stem, i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithDoubleConsonant(ReadOnlySpan<char> word) =>
        word.Length >= 2 && word[^1] == word[^2] && IsConsonant(word, word.Length - 1);

    // *o: the stem ends consonant-vowel-consonant and the last consonant is not w, x or y; NLTK also accepts
    // a two-letter vowel-consonant stem.
    private static bool EndsCvc(ReadOnlySpan<char> word)
    {
        var n = word.Length;
        if (n >= 3)
        {
            return IsConsonant(word, n - 3) && !IsConsonant(word, n - 2) && IsConsonant(word, n - 1)
                && word[^1] is not ('w' or 'x' or 'y');
        }

        return n == 2 && !IsConsonant(word, 0) && IsConsonant(word, 1);
    }
}
