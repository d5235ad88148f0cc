using System.Runtime.CompilerServices;
using NewsAlerts.Matching.Text;

namespace NewsAlerts.Matching;

// Scanning: an article's words found, folded and looked up in the vocabulary (with their stems, prefixes and
// Korean nouns where watchlists ask for them); the atoms found and their positions are recorded in a MatchScan.
public sealed partial class WatchlistMatcher
{
    [SkipLocalsInit]
    private void Scan(string text, MatchScan scan)
    {
        // Per word the loop calls the tokenizer's two steps; the hash, the filter test and the word's record
        // are inlined. Each word's filter bits are read one word late: asked for when the word is hashed,
        // read after the next word is folded, so the wait on the filter's memory (256 KB at 100,000 terms)
        // overlaps the tokenizer's work. The word waiting keeps its folded characters in the other half of
        // the buffer.
        const int Half = WordTokenizer.FoldBufferLength;
        Span<char> buffers = stackalloc char[2 * Half];
        scan.ClearCandidates();
        var index = 0;
        var half = 0;
        var waitingLength = 0;
        var waitingHash = 0u;
        var waitingPosition = 0;
        while (WordTokenizer.NextWord(text, ref index, out var start, out var length))
        {
            var written = WordTokenizer.FoldInto(text.AsSpan(start, length), buffers.Slice(half, Half));
            if (written <= 0)
            {
                if (written < 0)
                {
                    AddLongWord(text, start, length, scan);
                }

                continue;
            }

            var folded = buffers.Slice(half, written);
            var position = scan.AddWord(start, length);
            var hash = WordTable.Hash(folded);
            _words.PrefetchFilter(hash);
            if (waitingLength > 0)
            {
                AddIfMayBeInVocabulary(buffers.Slice(half ^ Half, waitingLength), waitingHash, waitingPosition, scan);
            }

            waitingLength = written;
            waitingHash = hash;
            waitingPosition = position;
            half ^= Half;

            // Stems, prefixes and Korean nouns are asked for by few watchlists: out of this loop, so that it
            // keeps fewer values across its calls (every one the JIT spills costs each word).
            if (_hasOtherForms)
            {
                AddOtherForms(folded, position, scan);
            }
        }

        if (waitingLength > 0)
        {
            AddIfMayBeInVocabulary(buffers.Slice(half ^ Half, waitingLength), waitingHash, waitingPosition, scan);
        }

        FindCandidates(scan);
    }

    /// <summary>Keeps the folded word as a candidate for looking up when the vocabulary's filter lets it pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddIfMayBeInVocabulary(ReadOnlySpan<char> folded, uint hash, int position, MatchScan scan)
    {
        if (_words.MayContain(hash))
        {
            scan.AddCandidate(folded, hash, position);
        }
    }

    /// <summary>A word too long to fold into the scan's buffer (rare): looked up at once, not one word late.</summary>
    private void AddLongWord(string text, int start, int length, MatchScan scan)
    {
        var folded = WordTokenizer.Fold(text.AsSpan(start, length)).AsSpan();
        if (folded.IsEmpty)
        {
            return;
        }

        var position = scan.AddWord(start, length);
        AddIfMayBeInVocabulary(folded, WordTable.Hash(folded), position, scan);
        if (_hasOtherForms)
        {
            AddOtherForms(folded, position, scan);
        }
    }

    /// <summary>The word's forms other than itself that watchlists ask for: its stem, prefixes of it, a Korean noun without its particle.</summary>
    private void AddOtherForms(ReadOnlySpan<char> folded, int position, MatchScan scan)
    {
        if (_stems.Count > 0 && EnglishStems.Applies(folded) && StemAtom(folded) is >= 0 and var stemAtom)
        {
            scan.Add(stemAtom, position);
        }

        _prefixes?.Find(folded, scan, position);

        if (_hasHangul && folded[0] >= '\uAC00')
        {
            Span<int> stems = stackalloc int[KoreanParticles.MaxStems];
            var count = KoreanParticles.StemLengths(folded, stems);
            for (var k = 0; k < count; k++)
            {
                AddIfMayBeInVocabulary(folded[..stems[k]], WordTable.Hash(folded[..stems[k]]), position, scan);
            }
        }
    }

    /// <summary>
    /// Looks up the text's words that passed the vocabulary's filter, all together: each step asks for the
    /// memory the next one reads for every word before reading any of it (see <see cref="CachePrefetch"/>):
    /// the slot (asked for by the scan), then the word's characters and where its presearch entries start,
    /// then the entries, which <see cref="Evaluate"/> reads.
    /// </summary>
    private void FindCandidates(MatchScan scan)
    {
        for (var c = 0; c < scan.CandidateCount; c++)
        {
            ref var candidate = ref scan.Candidate(c);
            candidate.Slot = _words.Probe(candidate.Hash, candidate.Length);
            if (candidate.Slot >= 0)
            {
                var atom = _words.AtomAt(candidate.Slot);
                CachePrefetch.Read(ref _ownerStart[atom]);
            }
        }

        for (var c = 0; c < scan.CandidateCount; c++)
        {
            ref var candidate = ref scan.Candidate(c);
            if (_words.Find(scan.CandidateWord(candidate), candidate.Hash, candidate.Slot) is >= 0 and var atom)
            {
                scan.Add(atom, candidate.Position);
                if (_ownerStart[atom] < _owners.Length)
                {
                    CachePrefetch.Read(ref _owners[_ownerStart[atom]]);
                }
            }
        }
    }

    private int StemAtom(ReadOnlySpan<char> folded)
    {
        // Articles repeat their words; the stem of each word seen is kept so the stemmer runs once per word.
        if (_stemCacheLookup.TryGetValue(folded, out var atom))
        {
            return atom;
        }

        var word = folded.ToString();
        atom = _stems.TryGetValue(EnglishStems.Stem(word), out var found) ? found : -1;
        if (Volatile.Read(ref _stemCacheCount) < MaxStemCache && _stemCache.TryAdd(word, atom))
        {
            Interlocked.Increment(ref _stemCacheCount);
        }

        return atom;
    }
}
