using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NewsAlerts.Matching;

/// <summary>
/// Asks the CPU to start loading a cache line that will be read soon. The matcher's tables outgrow the CPU
/// caches at 100,000 terms; it finds the addresses it will need a whole text ahead, asks for them all, and
/// reads them when they have arrived, so the waits overlap instead of adding up. A hint only: nothing
/// changes where the instruction does not exist.
/// </summary>
internal static class CachePrefetch
{
    /// <summary>Starts loading the cache line of <paramref name="location"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Read<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
        }
    }

    /// <summary>Starts loading the first cache line of <paramref name="instance"/> (its header and first fields or elements).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Read(object? instance)
    {
        if (Sse.IsSupported && instance is not null)
        {
            // The reference is the object's address; should the GC move it meanwhile, the hint is merely wasted.
            Sse.Prefetch0(*(void**)Unsafe.AsPointer(ref instance));
        }
    }
}
