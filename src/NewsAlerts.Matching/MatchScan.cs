using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NewsAlerts.Matching.Queries;
using NewsAlerts.Matching.Text;

namespace NewsAlerts.Matching;

/// <summary>
/// What one scan of an article found: for each atom seen, its word positions, and where each word is in
/// the text. Positions count the title's words from 0, then the body's from <see cref="BodyStart"/>, a gap
/// wider than any NEAR distance after the title, so no phrase or NEAR joins the two. Reused across articles
/// (arrays are stamped with a generation instead of cleared); one scan at a time.
/// </summary>
internal sealed class MatchScan
{
    /// <summary>Words between the title's end and the body's first position.</summary>
    public const int Gap = WatchlistQuery.MaxDistance + 2;

    // The atoms seen, as an open-addressing map from atom to slot: an article has tens to hundreds of distinct
    // atoms, so the map stays in the L1 cache where an array over every atom of 100,000 terms would not.
    private AtomEntry[] _atomMap = new AtomEntry[256];
    private readonly int[] _queryStamp;

    // (query, leaf) packed in one long, query high: one sort of longs orders them by query, then leaf.
    private readonly List<long> _woken = [];
    private int _generation;
    private int[] _slotAtom = new int[64];
    private int[] _slotStart = new int[65];
    private int _slotCount;
    private int[] _occurrenceSlot = new int[256];
    private int[] _occurrencePosition = new int[256];
    private int[] _positions = new int[256];
    private int _occurrenceCount;
    private int[] _wordStart = new int[512];
    private int[] _wordLength = new int[512];
    private int _wordCount;
    private bool _inBody;
    private string _title = string.Empty;
    private string _body = string.Empty;
    private WordCandidate[] _candidates = new WordCandidate[64];
    private char[] _candidateChars = new char[512];
    private int _candidateCount;
    private int _candidateCharCount;

    public MatchScan(int queryCount)
    {
        _queryStamp = new int[queryCount];
    }

    /// <summary>The first position past the title's words.</summary>
    public int TitleEnd { get; private set; }

    /// <summary>The position of the body's first word.</summary>
    public int BodyStart { get; private set; }

    /// <summary>How many queries were decided matched (see <see cref="Decide"/>).</summary>
    public int MatchedCount { get; private set; }

    /// <summary>How many distinct atoms the scan found.</summary>
    public int SlotCount => _slotCount;

    /// <summary>Marks a matched query evaluated whole, not term by term (see <see cref="Wake"/>): its report looks at all its terms.</summary>
    public const int WholeQuery = -1;

    /// <summary>How many terms of matched queries were woken (see <see cref="Wake"/>).</summary>
    public int WokenCount => _woken.Count;

    /// <summary>Scratch for reporting a match: its hits as (term, first position, last position).</summary>
    public List<(int Term, int Start, int End)> ReportHits { get; } = [];

    /// <summary>Scratch for reporting a match: one clause's spans.</summary>
    public List<(int Start, int End)> ReportSpans { get; } = [];

    /// <summary>Starts the scan of an article of <paramref name="title"/> and <paramref name="body"/>.</summary>
    public void Begin(string title, string body)
    {
        _title = title;
        _body = body;
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_atomMap);
            Array.Clear(_queryStamp);
            _generation = 1;
        }

        _slotCount = 0;
        _occurrenceCount = 0;
        _wordCount = 0;
        _inBody = false;
        TitleEnd = 0;
        BodyStart = 0;
        MatchedCount = 0;
        _woken.Clear();
    }

    /// <summary>Ends the scan: the article's text is let go (a scan waits in a pool for the next one).</summary>
    public void End()
    {
        _title = string.Empty;
        _body = string.Empty;
    }

    /// <summary>Ends the title: the words added next are the body's.</summary>
    public void BeginBody()
    {
        TitleEnd = _wordCount;
        BodyStart = _wordCount + Gap;
        _inBody = true;
    }

    /// <summary>Records a word of the text at <c>[start, start + length)</c>; returns its position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AddWord(int start, int length)
    {
        if (_wordCount == _wordStart.Length)
        {
            GrowWords();
        }

        _wordStart[_wordCount] = start;
        _wordLength[_wordCount] = length;
        var index = _wordCount++;
        return _inBody ? index - TitleEnd + BodyStart : index;
    }

    // Out of AddWord, so that it inlines into the scan's loop.
    private void GrowWords()
    {
        Array.Resize(ref _wordStart, _wordCount * 2);
        Array.Resize(ref _wordLength, _wordCount * 2);
    }

    /// <summary>How many words wait to be looked up in the vocabulary (see <see cref="AddCandidate"/>).</summary>
    public int CandidateCount => _candidateCount;

    /// <summary>Keeps a folded word that may be in the vocabulary, to be looked up with the text's others.</summary>
    public void AddCandidate(ReadOnlySpan<char> folded, uint hash, int position)
    {
        if (_candidateCount == _candidates.Length)
        {
            Array.Resize(ref _candidates, _candidateCount * 2);
        }

        if (_candidateCharCount + folded.Length > _candidateChars.Length)
        {
            Array.Resize(ref _candidateChars, Math.Max(_candidateChars.Length * 2, _candidateCharCount + folded.Length));
        }

        folded.CopyTo(_candidateChars.AsSpan(_candidateCharCount));
        _candidates[_candidateCount++] = new WordCandidate(position, hash, _candidateCharCount, folded.Length);
        _candidateCharCount += folded.Length;
    }

    /// <summary>The <paramref name="index"/>-th word waiting to be looked up, in text order.</summary>
    public ref WordCandidate Candidate(int index) => ref _candidates[index];

    /// <summary>The folded characters of <paramref name="candidate"/>.</summary>
    public ReadOnlySpan<char> CandidateWord(in WordCandidate candidate) => _candidateChars.AsSpan(candidate.Start, candidate.Length);

    /// <summary>Forgets the words looked up.</summary>
    public void ClearCandidates()
    {
        _candidateCount = 0;
        _candidateCharCount = 0;
    }

    /// <summary>Records that <paramref name="atom"/> occurs at <paramref name="position"/>.</summary>
    public void Add(int atom, int position)
    {
        var entry = Find(atom);
        int slot;
        if (entry >= 0)
        {
            slot = _atomMap[entry].Slot;
        }
        else
        {
            slot = _slotCount;
            _atomMap[~entry] = new AtomEntry(_generation, atom, slot);
            if (_slotCount == _slotAtom.Length)
            {
                Array.Resize(ref _slotAtom, _slotCount * 2);
                Array.Resize(ref _slotStart, _slotCount * 2 + 1);
            }

            _slotAtom[_slotCount] = atom;
            _slotStart[_slotCount] = 0;
            _slotCount++;
            if (_slotCount * 2 > _atomMap.Length)
            {
                GrowAtomMap();
            }
        }

        if (_occurrenceCount == _occurrenceSlot.Length)
        {
            Array.Resize(ref _occurrenceSlot, _occurrenceCount * 2);
            Array.Resize(ref _occurrencePosition, _occurrenceCount * 2);
        }

        _occurrenceSlot[_occurrenceCount] = slot;
        _occurrencePosition[_occurrenceCount] = position;
        _occurrenceCount++;
        _slotStart[slot]++;
    }

    /// <summary>Groups the occurrences by atom (a counting sort: positions stay in ascending order).</summary>
    public void Finish()
    {
        var total = 0;
        for (var s = 0; s < _slotCount; s++)
        {
            var count = _slotStart[s];
            _slotStart[s] = total;
            total += count;
        }

        _slotStart[_slotCount] = total;
        if (_positions.Length < total)
        {
            _positions = new int[Math.Max(total, _positions.Length * 2)];
        }

        // _slotStart[s] now serves as the write cursor of slot s and ends as the start of slot s + 1.
        for (var o = 0; o < _occurrenceCount; o++)
        {
            _positions[_slotStart[_occurrenceSlot[o]]++] = _occurrencePosition[o];
        }

        for (var s = _slotCount; s > 0; s--)
        {
            _slotStart[s] = _slotStart[s - 1];
        }

        _slotStart[0] = 0;
    }

    /// <summary>The <paramref name="slot"/>-th distinct atom found.</summary>
    public int SlotAtom(int slot) => _slotAtom[slot];

    /// <summary>True when <paramref name="query"/> was decided in this scan.</summary>
    public bool IsDecided(int query) => _queryStamp[query] == _generation || _queryStamp[query] == ~_generation;

    /// <summary>True when <paramref name="query"/> was decided matched in this scan.</summary>
    public bool IsMatched(int query) => _queryStamp[query] == _generation;

    /// <summary>Records that <paramref name="query"/> is decided, and whether it matched (once: a later call is ignored).</summary>
    public void Decide(int query, bool matched)
    {
        if (IsDecided(query))
        {
            return;
        }

        _queryStamp[query] = matched ? _generation : ~_generation;
        if (matched)
        {
            MatchedCount++;
        }
    }

    /// <summary>
    /// Records a matched query and what its report looks at: a term the presearch woke (its leaf's offset in
    /// <see cref="LeafForms"/>), for a query keyed term by term; or <see cref="WholeQuery"/>.
    /// </summary>
    public void Wake(int query, int leaf) => _woken.Add(((long)query << 32) | (uint)leaf);

    /// <summary>Orders the woken terms by query (the matches' order), then leaf.</summary>
    public void SortWoken() => CollectionsMarshal.AsSpan(_woken).Sort();

    /// <summary>The query of the <paramref name="index"/>-th woken term.</summary>
    public int WokenQuery(int index) => (int)(_woken[index] >> 32);

    /// <summary>The leaf of the <paramref name="index"/>-th woken term.</summary>
    public int WokenLeaf(int index) => (int)_woken[index];

    /// <summary>The positions of <paramref name="atom"/>, ascending; empty when the scan did not see it.</summary>
    public ReadOnlySpan<int> Positions(int atom)
    {
        var entry = Find(atom);
        if (entry < 0)
        {
            return [];
        }

        var slot = _atomMap[entry].Slot;
        return _positions.AsSpan(_slotStart[slot], _slotStart[slot + 1] - _slotStart[slot]);
    }

    /// <summary>The index of <paramref name="atom"/>'s entry in the map; when absent, the complement of the free entry where it goes.</summary>
    private int Find(int atom)
    {
        var map = _atomMap;
        var mask = map.Length - 1;
        var i = (int)System.Numerics.BitOperations.RotateRight((uint)atom * 2654435769u, 16) & mask;
        while (map[i].Stamp == _generation)
        {
            if (map[i].Atom == atom)
            {
                return i;
            }

            i = (i + 1) & mask;
        }

        return ~i;
    }

    private void GrowAtomMap()
    {
        _atomMap = new AtomEntry[_atomMap.Length * 2];
        for (var s = 0; s < _slotCount; s++)
        {
            _atomMap[~Find(_slotAtom[s])] = new AtomEntry(_generation, _slotAtom[s], s);
        }
    }

    /// <summary>True when the text's word at <paramref name="position"/> folds to <paramref name="folded"/>; false where there is no word.</summary>
    [SkipLocalsInit]
    public bool IsWordAt(int position, string folded)
    {
        var index = WordIndex(position);
        if (index < 0)
        {
            return false;
        }

        var word = (index < TitleEnd ? _title : _body).AsSpan(_wordStart[index], _wordLength[index]);
        Span<char> buffer = stackalloc char[WordTokenizer.FoldBufferLength];
        var written = WordTokenizer.FoldInto(word, buffer);
        return written >= 0 ? buffer[..written].SequenceEqual(folded) : WordTokenizer.Fold(word) == folded;
    }

    /// <summary>Whether the word at <paramref name="position"/> is in the title or the body.</summary>
    public MatchField FieldOf(int position) => _inBody && position >= BodyStart ? MatchField.Body : MatchField.Title;

    /// <summary>Where the word at <paramref name="position"/> is: title or body, offset, length, index in its field.</summary>
    public (MatchField Field, int Start, int Length, int Word) Locate(int position)
    {
        var index = WordIndex(position);
        return index < TitleEnd
            ? (MatchField.Title, _wordStart[index], _wordLength[index], index)
            : (MatchField.Body, _wordStart[index], _wordLength[index], index - TitleEnd);
    }

    /// <summary>The index among the recorded words of the word at <paramref name="position"/>; -1 where there is none (before the title, in the gap, past the body).</summary>
    private int WordIndex(int position)
    {
        if (position >= 0 && position < TitleEnd)
        {
            return position;
        }

        var index = position - BodyStart + TitleEnd;
        return _inBody && position >= BodyStart && index < _wordCount ? index : -1;
    }
}

/// <summary>A folded word of the text that may be in the vocabulary: where it is, its hash, its characters, its slot once probed.</summary>
internal struct WordCandidate(int position, uint hash, int start, int length)
{
    public readonly int Position = position;
    public readonly uint Hash = hash;
    public readonly int Start = start;
    public readonly int Length = length;
    public int Slot;
}

/// <summary>An atom seen by the scan of generation <see cref="Stamp"/>, and its slot (an entry of an older generation is free).</summary>
internal readonly record struct AtomEntry(int Stamp, int Atom, int Slot);
