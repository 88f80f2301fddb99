using VolunteerGrid.Shared.Fits;

namespace VolunteerGrid.Tests.Fits;

[CollectionDefinition(nameof(FitsMemoryTests), DisableParallelization = true)]
public sealed class FitsMemoryCollection;

/// <summary>
/// Reading never holds two copies of an image: the only large allocation is the result itself
/// (pixels go straight from the file into it, or through one small pooled chunk). Runs alone
/// (DisableParallelization) because it counts the process's allocated bytes.
/// </summary>
[Collection(nameof(FitsMemoryTests))]
public sealed class FitsMemoryTests : IDisposable
{
    private const int Size = 2048;
    private readonly FitsTempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(FitsBitpix.Float32)]
    [InlineData(FitsBitpix.Int16)]
    public void ReadImageFloat32_LargeImage_AllocatesOnlyTheResult(FitsBitpix bitpix)
    {
        var path = _dir.File("big.fits");
        using (var w = FitsWriter.Create(path))
        {
            var data = w.BeginImage([Size, Size], bitpix == FitsBitpix.Int16 ? FitsImageEncoding.UInt16 : FitsImageEncoding.Float32);
            var row = Enumerable.Range(0, Size).Select(i => (float)i).ToArray();
            for (var y = 0; y < Size; y++)
                data.Write<float>(row);
            data.Complete();
        }
        using var f = FitsFile.Open(path);
        f.ReadImageFloat32(0); // warm up pools and JIT so the measured read counts only itself
        // The count is process-wide (the read may use pool threads), so work another test left
        // running can add to one read; it cannot add to all three, while a second copy would.
        var allocated = long.MaxValue;
        FitsImage<float> image = null!;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            image = f.ReadImageFloat32(0);
            allocated = Math.Min(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        const long result = (long)Size * Size * sizeof(float);
        Assert.Equal(2047f, image[Size - 1, Size - 1]);
        // A second copy would add at least the file's data (8 or 16 MiB); allow 10% for small objects.
        Assert.InRange(allocated, result, result + (result / 10));
    }
}
