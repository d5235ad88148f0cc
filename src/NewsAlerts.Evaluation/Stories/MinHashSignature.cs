using System.Runtime.InteropServices;
using NewsAlerts.Matching.Text;

namespace NewsAlerts.Evaluation.Stories;

/// <summary>
/// A MinHash signature of a text's word shingles: <see cref="Length"/> minimum hashes whose agreement
/// between two texts estimates the Jaccard similarity of their shingle sets. Words are folded as for
/// matching (case, diacritics, punctuation and markup aside), so re-formatting changes nothing.
/// </summary>
public sealed class MinHashSignature
{
    /// <summary>Hashes per signature.</summary>
    public const int Length = 128;

    /// <summary>Words per shingle.</summary>
    public const int ShingleWords = 4;

    // Per-hash seeds, fixed so every host and every run computes the same signature.
    private static readonly ulong[] Seeds = CreateSeeds();

    private readonly uint[] _values;

    private MinHashSignature(uint[] values) => _values = values;

    /// <summary>The minimum hashes.</summary>
    public ReadOnlySpan<uint> Values => _values;

    /// <summary>Whether the text had no word at all.</summary>
    public bool IsEmpty => Array.TrueForAll(_values, v => v == uint.MaxValue);

    /// <summary>The signature of <paramref name="text"/>.</summary>
    public static MinHashSignature Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = WordTokenizer.Tokenize(text).Select(t => WordHash(t.Text)).ToArray();
        var values = new uint[Length];
        Array.Fill(values, uint.MaxValue);

        // A text shorter than a shingle is one shingle of all its words.
        var shingles = words.Length == 0 ? 0 : Math.Max(words.Length - ShingleWords + 1, 1);
        for (var s = 0; s < shingles; s++)
        {
            var shingle = 0xcbf29ce484222325UL;
            for (var w = s; w < Math.Min(s + ShingleWords, words.Length); w++)
            {
                shingle = Mix(shingle ^ words[w]);
            }

            for (var h = 0; h < Length; h++)
            {
                var value = (uint)(Mix(shingle ^ Seeds[h]) >> 32);
                if (value < values[h])
                {
                    values[h] = value;
                }
            }
        }

        return new MinHashSignature(values);
    }

    /// <summary>Reads a stored signature.</summary>
    public static MinHashSignature FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length != Length * sizeof(uint))
        {
            throw new ArgumentException($"a signature is {Length * sizeof(uint)} bytes, not {bytes.Length}", nameof(bytes));
        }

        return new MinHashSignature(MemoryMarshal.Cast<byte, uint>(bytes).ToArray());
    }

    /// <summary>The signature as bytes, for storage.</summary>
    public byte[] ToBytes() => MemoryMarshal.AsBytes(_values.AsSpan()).ToArray();

    /// <summary>Estimated Jaccard similarity of the two texts' shingle sets: the share of equal hashes.</summary>
    public double Similarity(MinHashSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsEmpty || other.IsEmpty)
        {
            return 0;
        }

        var equal = 0;
        for (var i = 0; i < Length; i++)
        {
            if (_values[i] == other._values[i])
            {
                equal++;
            }
        }

        return (double)equal / Length;
    }

    /// <summary>The hash of rows <c>[band × rows, (band + 1) × rows)</c>: the key of one LSH band.</summary>
    public ulong BandKey(int band, int rows)
    {
        var key = (ulong)(band + 1) * 0x9E3779B97F4A7C15UL;
        for (var i = band * rows; i < (band + 1) * rows; i++)
        {
            key = Mix(key ^ _values[i]);
        }

        return key;
    }

    private static ulong WordHash(string word)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 0x100000001b3UL;
        }

        return hash;
    }

    // SplitMix64's finalizer: a fast, well-spread 64-bit mix.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static ulong[] CreateSeeds()
    {
        var seeds = new ulong[Length];
        var state = 0x5EED5EED5EED5EEDUL;
        for (var i = 0; i < Length; i++)
        {
            state = Mix(state);
            seeds[i] = state;
        }

        return seeds;
    }
}
