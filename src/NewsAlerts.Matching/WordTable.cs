using System.Numerics;
using System.Runtime.CompilerServices;

namespace NewsAlerts.Matching;

/// <summary>
/// The matcher's vocabulary of folded words, each with its atom: a Bloom filter in front of an open-addressing
/// hash table, both probed with one hash of the word. Most article words are in no watchlist; the filter
/// (16 bits per word, 256 KB at 100,000 words) answers for them from cache. A word that passes costs one
/// table slot, which holds the word's full hash, so a word not in the table is told apart there too; only a
/// word that is found reads its characters, kept together in one array. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// A <see cref="Dictionary{TKey, TValue}"/> of strings costs a bucket, an entry and a string object on the
/// heap for each lookup, three cache misses once the vocabulary outgrows the CPU caches; this costs at most two.
/// </remarks>
internal sealed class WordTable
{
    private readonly ulong[] _filter;
    private readonly uint _filterMask;
    private readonly Slot[] _slots;
    private readonly int _slotShift;
    private readonly char[] _chars;

    /// <summary>Builds the table of <paramref name="words"/> and their atoms.</summary>
    public WordTable(IReadOnlyCollection<KeyValuePair<string, int>> words)
    {
        ArgumentNullException.ThrowIfNull(words);

        // Two bits in one 64-bit word of the filter per word: the second bit, in the same cache line, cuts the
        // words that pass the filter but are in no watchlist fourfold.
        var bits = (int)Math.Max(4096, BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, words.Count) * 16));
        _filter = new ulong[bits / 64];
        _filterMask = (uint)bits - 1;

        // At most three slots in eight used: linear probing then rarely looks past the first slot.
        var slotCount = (int)Math.Max(16, BitOperations.RoundUpToPowerOf2((uint)(words.Count * 8 / 3 + 1)));
        _slots = new Slot[slotCount];
        _slotShift = 32 - BitOperations.Log2((uint)slotCount);
        _chars = new char[words.Sum(word => word.Key.Length)];
        var at = 0;
        foreach (var (word, atom) in words)
        {
            var hash = Hash(word);
            _filter[(hash & _filterMask) >> 6] |= FilterBits(hash);
            var slot = SlotOf(hash);
            while (_slots[slot].Length != 0)
            {
                slot = (slot + 1) & (_slots.Length - 1);
            }

            word.CopyTo(_chars.AsSpan(at));
            _slots[slot] = new Slot(hash, atom, at, word.Length);
            at += word.Length;
        }
    }

    /// <summary>Asks for the filter's bits for a word of this <see cref="Hash"/>, which <see cref="MayContain"/> will read.</summary>
    public void PrefetchFilter(uint hash) => CachePrefetch.Read(ref _filter[(hash & _filterMask) >> 6]);

    /// <summary>
    /// The first of three steps of a lookup spread over a whole text: false when the word of this
    /// <see cref="Hash"/> is surely not in the table (most words); otherwise its first slot is being loaded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayContain(uint hash)
    {
        var bits = FilterBits(hash);
        if ((_filter[(hash & _filterMask) >> 6] & bits) != bits)
        {
            return false;
        }

        CachePrefetch.Read(ref _slots[SlotOf(hash)]);
        return true;
    }

    /// <summary>
    /// The second step: the first slot holding a word of this hash and length, whose characters and atom
    /// (<see cref="AtomAt"/>) are then being loaded; -1 when there is none, the word is not in the table.
    /// </summary>
    public int Probe(uint hash, int length)
    {
        var slots = _slots;
        var slot = SlotOf(hash);
        while (slots[slot].Length != 0)
        {
            if (slots[slot].Hash == hash && slots[slot].Length == length)
            {
                CachePrefetch.Read(ref _chars[slots[slot].Start]);
                return slot;
            }

            slot = (slot + 1) & (slots.Length - 1);
        }

        return -1;
    }

    /// <summary>The atom of the word in <paramref name="slot"/>.</summary>
    public int AtomAt(int slot) => _slots[slot].Atom;

    /// <summary>The last step: the atom of <paramref name="word"/>, probed from <paramref name="slot"/> (from <see cref="Probe"/>); -1 when not in the table.</summary>
    public int Find(ReadOnlySpan<char> word, uint hash, int slot)
    {
        if (slot < 0)
        {
            return -1;
        }

        var slots = _slots;
        while (slots[slot].Length != 0)
        {
            ref readonly var entry = ref slots[slot];
            if (entry.Hash == hash && entry.Length == word.Length && word.SequenceEqual(_chars.AsSpan(entry.Start, entry.Length)))
            {
                return entry.Atom;
            }

            slot = (slot + 1) & (slots.Length - 1);
        }

        return -1;
    }

    /// <summary>The hash the table is probed with (FNV-1a: cheap on the short words articles are made of).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(ReadOnlySpan<char> word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <summary>The two bits a word sets in its 64-bit word of the filter: from the hash's low 6 bits and its top 6.</summary>
    private static ulong FilterBits(uint hash) => (1UL << (int)(hash & 63)) | (1UL << (int)(hash >> 26));

    /// <summary>The word's first slot: Fibonacci hashing spreads FNV's weaker low bits over the whole table.</summary>
    private int SlotOf(uint hash) => (int)((hash * 2654435769u) >> _slotShift);

    /// <summary>A word's full hash, its atom and where its characters are; a length of 0 marks an empty slot.</summary>
    private readonly record struct Slot(uint Hash, int Atom, int Start, int Length);
}
