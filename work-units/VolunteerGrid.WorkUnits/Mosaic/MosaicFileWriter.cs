using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using VolunteerGrid.Shared.Fits;
using VolunteerGrid.WorkUnits.Coadd;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.WorkUnits.Mosaic;

/// <summary>
/// Co-adds a prepared mosaic straight into OUT.fits (BITPIX −32) and OUT_area.fits (BITPIX −64), band
/// by band of template rows, in parallel: each band is co-added, byte-swapped to big-endian in place
/// and written at its own offset of both files (positional writes, so bands finish in any order). No
/// whole-mosaic array is ever allocated, and the writing of one band overlaps the co-add of the next.
/// Same bytes as <see cref="ProjectedImageFile.Write"/> of <see cref="Coadder.Coadd"/>'s result (the
/// same row kernel, the same headers).
/// </summary>
public static class MosaicFileWriter
{
    // 16 rows of a 3600-pixel mosaic: ~0.7 MB of buffers per thread, a few hundred bands to balance.
    private const int BandPixels = 1 << 16;

    public static void Write(PreparedMosaic prepared, TemplateGrid template, CoaddMethod method, string mosaicPath, string areaPath,
        IEnumerable<string>? history = null, ParallelOptions? parallel = null, IProgress<MosaicProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        parallel ??= new ParallelOptions();
        var whole = template.Whole;
        var kernel = new CoaddRowKernel(whole, prepared.Images, prepared.Corrections, template, method);
        var header = template.WindowHeader(whole);
        foreach (var line in history ?? [])
            header.AddHistory(line);
        var (width, height) = (whole.Width, whole.Height);
        using var values = DataFile.Create(mosaicPath, header, width, height, FitsImageEncoding.Float32, sizeof(float));
        using var area = DataFile.Create(areaPath, header.Clone(), width, height, FitsImageEncoding.Float64, sizeof(double));
        var rowsPerBand = Math.Max(1, BandPixels / width);
        var bands = (height + rowsPerBand - 1) / rowsPerBand;
        var done = 0;
        Parallel.For(0, bands, parallel, () => new BandBuffers(rowsPerBand * width, kernel), (b, _, buffers) =>
        {
            var y0 = b * rowsPerBand;
            var rows = Math.Min(rowsPerBand, height - y0);
            var n = rows * width;
            var v = buffers.Values.AsSpan(0, n);
            var a = buffers.Area.AsSpan(0, n);
            for (var k = 0; k < rows; k++)
                kernel.Row(y0 + k, v.Slice(k * width, width), a.Slice(k * width, width), buffers.Scratch);
            // FITS data are big-endian (FITS Standard 4.0 §5.3); the runtime vectorises the swap.
            var vi = MemoryMarshal.Cast<float, int>(v);
            BinaryPrimitives.ReverseEndianness(vi, vi);
            var al = MemoryMarshal.Cast<double, long>(a);
            BinaryPrimitives.ReverseEndianness(al, al);
            values.WriteRows(MemoryMarshal.AsBytes(v), (long)y0 * width);
            area.WriteRows(MemoryMarshal.AsBytes(a), (long)y0 * width);
            progress?.Report(new MosaicProgress("coadd", Interlocked.Increment(ref done), bands));
            return buffers;
        }, _ => { });
    }

    private sealed class BandBuffers(int pixels, CoaddRowKernel kernel)
    {
        public float[] Values { get; } = new float[pixels];

        public double[] Area { get; } = new double[pixels];

        public CoaddRowKernel.Scratch Scratch { get; } = kernel.NewScratch();
    }

    // One FITS file of a single image HDU whose data are written by positional writes.
    private sealed class DataFile : IDisposable
    {
        private readonly SafeFileHandle _handle;
        private readonly long _dataOffset;
        private readonly int _bytesPerPixel;

        private DataFile(SafeFileHandle handle, long dataOffset, int bytesPerPixel)
        {
            _handle = handle;
            _dataOffset = dataOffset;
            _bytesPerPixel = bytesPerPixel;
        }

        public static DataFile Create(string path, FitsHeader header, int width, int height, FitsImageEncoding encoding, int bytesPerPixel)
        {
            // The header exactly as FitsWriter writes it (mandatory keywords, padding to 2880 bytes):
            // BeginImage writes it, and the pixels then go straight to the file instead of that stream.
            byte[] headerBytes;
            using (var buffer = new MemoryStream())
            {
                using (var writer = new FitsWriter(buffer, leaveOpen: true))
                    writer.BeginImage([width, height], encoding, header);
                headerBytes = buffer.ToArray();
            }
            var dataBytes = (long)width * height * bytesPerPixel;
            // Data padded with zeros to a whole 2880-byte block (FITS Standard 4.0 §3.3.2): the file's
            // length is set up front, and the unwritten tail reads as zeros.
            const long block = 2880;
            var total = headerBytes.Length + ((dataBytes + block - 1) / block * block);
            var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);
            try
            {
                RandomAccess.SetLength(handle, total);
                RandomAccess.Write(handle, headerBytes, 0);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
            return new DataFile(handle, headerBytes.Length, bytesPerPixel);
        }

        public void WriteRows(ReadOnlySpan<byte> bytes, long firstPixel) =>
            RandomAccess.Write(_handle, bytes, _dataOffset + (firstPixel * _bytesPerPixel));

        public void Dispose() => _handle.Dispose();
    }
}
