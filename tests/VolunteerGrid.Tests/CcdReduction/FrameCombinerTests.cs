using System.Text.Json;
using VolunteerGrid.WorkUnits.CcdReduction;

namespace VolunteerGrid.Tests.CcdReduction;

public sealed class FrameCombinerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vgrid-ccd-combine-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CcdImage[] Pixel(params float[] values) => [.. values.Select(v => new CcdImage(1, 1, [v]))];

    [Fact]
    public void Combine_OutlierBeyondThreshold_IsRejected()
    {
        // mean 22, population std 39.01: 100 lies above 22 + 1.5·39.01 = 80.5, so the mean of the rest is 2.5.
        var options = new SigmaClipOptions { LowThreshold = 1.5, HighThreshold = 1.5 };
        Assert.Equal(2.5f, FrameCombiner.Combine(Pixel(1, 2, 3, 4, 100), options).Pixels[0]);
    }

    [Fact]
    public void Combine_DefaultThreeSigmaWithFiveFrames_RejectsNothing()
    {
        // With N values no z-score can exceed (N-1)/sqrt(N) = 1.79 for N = 5: ccdproc keeps all five.
        Assert.Equal(22f, FrameCombiner.Combine(Pixel(1, 2, 3, 4, 100), SigmaClipOptions.Default).Pixels[0]);
    }

    [Fact]
    public void Combine_Median_IgnoresNaN()
    {
        var options = new SigmaClipOptions { Method = CombineMethod.Median, Center = ClipCenter.Median, Deviation = ClipDeviation.MadStd };
        Assert.Equal(3f, FrameCombiner.Combine(Pixel(3, float.NaN, 2, 4), options).Pixels[0]);
    }

    [Fact]
    public void Combine_AllNaNPixel_IsNaN() =>
        Assert.True(float.IsNaN(FrameCombiner.Combine(Pixel(float.NaN, float.NaN), SigmaClipOptions.Default).Pixels[0]));

    [Fact]
    public void Combine_DifferentShapes_Throws() =>
        Assert.Contains("different shapes", Assert.Throws<ArgumentException>(() =>
            FrameCombiner.Combine([new CcdImage(2, 2), new CcdImage(2, 3)], SigmaClipOptions.Default)).Message);

    [Fact]
    public void Combine_VectorPath_EqualsScalarPathBitForBit()
    {
        var frames = RandomFrames(15, 67, 5, seed: 11);
        frames[3][10, 2] = float.NaN; // forces the scalar path for that chunk
        var options = new SigmaClipOptions { LowThreshold = 2, HighThreshold = 2 };
        var combined = FrameCombiner.Combine(frames, options);
        var planes = frames.Select(f => f.Pixels).ToArray();
        var scratch = new FrameCombiner.Scratch(frames.Length);
        for (var i = 0; i < combined.Length; i++)
            Assert.Equal((float)FrameCombiner.CombinePixel(planes, i, options, scratch), combined.Pixels[i]);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 1)]
    [InlineData(5, 3)] // no pass rejects anything, so more passes change nothing
    [InlineData(9, 1)]
    [InlineData(10, 1)] // k = 3 = √(n − 1): the bound is not strict, so the clip runs in full
    [InlineData(11, 1)]
    public void Combine_DefaultThresholds_VectorPathEqualsScalarClipBitForBit(int count, int iterations)
    {
        // Outliers (2 % of pixels +0..500, 1 % at −200) in every frame; the scalar path always clips in full.
        var frames = RandomFrames(count, 67, 5, seed: 20 + count);
        var options = SigmaClipOptions.Default with { MaxIterations = iterations };
        var combined = FrameCombiner.Combine(frames, options);
        var planes = frames.Select(f => f.Pixels).ToArray();
        var scratch = new FrameCombiner.Scratch(frames.Length);
        for (var i = 0; i < combined.Length; i++)
            Assert.Equal((float)FrameCombiner.CombinePixel(planes, i, options, scratch), combined.Pixels[i]);
    }

    [Fact]
    public void KeepsEveryValue_FollowsSamuelsonBound()
    {
        // Max |x − mean| / σ over n values is √(n − 1): 3σ cannot clip up to 10 frames, can from 11 on.
        Assert.True(FrameCombiner.KeepsEveryValue(SigmaClipOptions.Default, 9));
        Assert.False(FrameCombiner.KeepsEveryValue(SigmaClipOptions.Default, 10));
        Assert.False(FrameCombiner.KeepsEveryValue(SigmaClipOptions.Default, 11));
        Assert.False(FrameCombiner.KeepsEveryValue(SigmaClipOptions.Default with { Center = ClipCenter.Median }, 5));
        Assert.False(FrameCombiner.KeepsEveryValue(SigmaClipOptions.Default with { LowThreshold = 1.5 }, 5));
    }

    [Fact]
    public void Combine_ElevenFramesOneExtremeValue_ClipsItInTheVectorPath()
    {
        // Ten zeros and one 100: mean 9.09, σ 28.75, z = 3.16 > 3, so only the zeros survive.
        var frames = Enumerable.Range(0, 11).Select(i => new CcdImage(16, 2, [.. Enumerable.Repeat(i == 4 ? 100f : 0f, 32)])).ToArray();
        Assert.All(FrameCombiner.Combine(frames, SigmaClipOptions.Default).Pixels, v => Assert.Equal(0f, v));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Combine_MatchesCcdprocCombiner_ForEveryConfiguration()
    {
        // 15 frames with outliers so clipping really happens; identical float32 inputs on both sides.
        // One python run covers all settings (importing astropy costs seconds).
        (string Func, string DevFunc, double Low, double High, string Method, int MaxIterations)[] settings =
        [
            ("mean", "std", 3, 3, "mean", 1), // ccdproc defaults
            ("mean", "std", 2, 2, "mean", 1),
            ("median", "mad_std", 2, 2.5, "median", 1),
            ("median", "std", 1.5, 2, "mean", 1), // astropy's std is about the mean even with a median centre
            ("mean", "mad_std", 2, 2, "median", 3),
        ];
        var frames = RandomFrames(15, 48, 40, seed: 7);
        var paths = frames.Select((f, i) =>
        {
            var path = Path.Combine(_dir, $"f{i}.f32");
            PythonReference.WriteFloat32(path, f.Pixels);
            return path;
        }).ToArray();
        var manifest = Path.Combine(_dir, "combine.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mode"] = "combine",
            ["shape"] = new[] { 40, 48 },
            ["frames"] = paths,
            ["out"] = _dir,
            ["clips"] = settings.Select(c => new Dictionary<string, object>
            {
                ["low"] = c.Low,
                ["high"] = c.High,
                ["func"] = c.Func,
                ["dev_func"] = c.DevFunc,
                ["method"] = c.Method,
                ["maxiters"] = c.MaxIterations,
            }).ToArray(),
        }));
        PythonReference.Run(PythonReference.ScriptPath("ccdproc_reference.py"), manifest);
        for (var k = 0; k < settings.Length; k++)
        {
            var c = settings[k];
            var options = new SigmaClipOptions
            {
                LowThreshold = c.Low,
                HighThreshold = c.High,
                Center = c.Func == "median" ? ClipCenter.Median : ClipCenter.Mean,
                Deviation = c.DevFunc == "mad_std" ? ClipDeviation.MadStd : ClipDeviation.Std,
                Method = c.Method == "median" ? CombineMethod.Median : CombineMethod.Mean,
                MaxIterations = c.MaxIterations,
            };
            var reference = PythonReference.ReadFloat64(Path.Combine(_dir, $"combined{k}.f64"));
            var ours = FrameCombiner.Combine(frames, options);
            for (var i = 0; i < reference.Length; i++)
                Assert.True(BothNaN(ours.Pixels[i], reference[i]) || Math.Abs(ours.Pixels[i] - reference[i]) <= 1e-5 * Math.Abs(reference[i]), $"setting {c}, pixel {i}: ours {ours.Pixels[i]} ccdproc {reference[i]}");
        }
    }

    /// <summary>A pixel every value of which was rejected is NaN (masked) on both sides.</summary>
    private static bool BothNaN(float ours, double reference) => float.IsNaN(ours) && double.IsNaN(reference);

    /// <summary>Frames around 1000 with noise 10, plus 3 % strong outliers (cosmic rays, dips).</summary>
    private static CcdImage[] RandomFrames(int count, int width, int height, int seed)
    {
        var g = new Gaussian(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var f = new CcdImage(width, height);
            for (var i = 0; i < f.Length; i++)
            {
                var u = g.Uniform();
                f.Pixels[i] = (float)Math.Round(1000 + (10 * g.Next()) + (u < 0.02 ? 500 * g.Uniform() : u < 0.03 ? -200 : 0), 2);
            }
            return f;
        })];
    }
}
