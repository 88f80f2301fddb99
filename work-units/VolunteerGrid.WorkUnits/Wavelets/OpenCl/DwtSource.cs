namespace VolunteerGrid.WorkUnits.Wavelets.OpenCl;

/// <summary>
/// OpenCL C for one DWT level each way, the loops of <see cref="DwtKernels"/> with one work item per
/// output sample: the same pywt indexing (downsampling_convolution, upsampling_convolution_valid_sf),
/// the same symmetric extension, the same tap order, and no FMA contraction, so every coefficient is
/// the CPU's bit for bit. Thresholds are applied to detail coefficients as they are read, as
/// <see cref="WaveletTransform2D"/> does.
/// </summary>
internal static class DwtSource
{
    public const string ForwardColumns = "dwt_forward_columns";
    public const string ForwardRows = "dwt_forward_rows";
    public const string InverseRows = "dwt_inverse_rows";
    public const string InverseColumns = "dwt_inverse_columns";

    public const string Text = """
        #pragma OPENCL EXTENSION cl_khr_fp64 : enable
        #pragma OPENCL FP_CONTRACT OFF

        // PyWavelets' half-sample symmetric extension (SymmetricExtension.Reflect).
        static int reflect(int index, int length)
        {
            int period = 2 * length;
            int m = index % period;
            if (m < 0)
                m += period;
            return m < length ? m : period - 1 - m;
        }

        // pywt.threshold: soft x·max(1 − t/|x|, 0), hard |x| < t → 0; t = 0 keeps x.
        static double shrink(double x, double t, int soft)
        {
            if (t == 0)
                return x;
            if (soft)
                return x * fmax(1 - (t / fabs(x)), 0.0);
            return fabs(x) < t ? 0.0 : x;
        }

        // Axis 0: lo/hi[k, c] = Σ_j f[j]·x[reflect(2k+1−j), c], for k < m0.
        __kernel void dwt_forward_columns(__global const double* x, const int rows, const int cols, const int m0,
            __global const double* lo, __global const double* hi, const int taps,
            __global double* out_lo, __global double* out_hi)
        {
            const int c = get_global_id(0);
            const int k = get_global_id(1);
            if (c >= cols || k >= m0)
                return;
            double acc_lo = 0, acc_hi = 0;
            for (int j = 0; j < taps; j++) {
                double v = x[(long)reflect(2 * k + 1 - j, rows) * cols + c];
                acc_lo += lo[j] * v;
                acc_hi += hi[j] * v;
            }
            out_lo[(long)k * cols + c] = acc_lo;
            out_hi[(long)k * cols + c] = acc_hi;
        }

        // Axis 1 of each row of `in` (cols wide) into `out_a` (low) and `out_d` (high), m1 wide:
        // c[kk] = Σ_i f[2i]·odd[kk+h−i] + f[2i+1]·even[kk+h−i], even[t] = x[2t−2h], odd[t] = x[2t+1−2h].
        __kernel void dwt_forward_rows(__global const double* in, const int rows, const int cols, const int m1,
            __global const double* lo, __global const double* hi, const int taps,
            __global double* out_a, __global double* out_d)
        {
            const int kk = get_global_id(0);
            const int k = get_global_id(1);
            if (kk >= m1 || k >= rows)
                return;
            const int h = taps / 2 - 1;
            __global const double* row = in + (long)k * cols;
            double acc_lo = 0, acc_hi = 0;
            for (int i = 0; i <= h; i++) {
                int t = kk + h - i;
                int e = 2 * t - 2 * h;
                double vo = row[reflect(e + 1, cols)];
                acc_lo += lo[2 * i] * vo;
                acc_hi += hi[2 * i] * vo;
                double ve = row[reflect(e, cols)];
                acc_lo += lo[2 * i + 1] * ve;
                acc_hi += hi[2 * i + 1] * ve;
            }
            out_a[(long)k * m1 + kk] = acc_lo;
            out_d[(long)k * m1 + kk] = acc_hi;
        }

        // Axis 1 synthesis of row k: low[k] from (approx, AD), high[k] from (DA, DD), n = cols wide.
        __kernel void dwt_inverse_rows(__global const double* approx, __global const double* ad,
            __global const double* da, __global const double* dd, const int m0, const int m1, const int cols,
            __global const double* rec_lo, __global const double* rec_hi, const int taps,
            const double t_ad, const double t_da, const double t_dd, const int soft,
            __global double* low, __global double* high)
        {
            const int m = get_global_id(0);
            const int k = get_global_id(1);
            const int pairs = (cols + 1) / 2;
            if (m >= pairs || k >= m0)
                return;
            const int h = taps / 2 - 1;
            const long base = (long)k * m1;
            double lo_e = 0, lo_o = 0, hi_e = 0, hi_o = 0;
            double lo_e2 = 0, lo_o2 = 0, hi_e2 = 0, hi_o2 = 0;
            for (int j = 0; j <= h; j++) {
                long at = base + m + h - j;
                double va = approx[at];
                double vd = shrink(ad[at], t_ad, soft);
                lo_e += rec_lo[2 * j] * va;
                lo_o += rec_lo[2 * j + 1] * va;
                hi_e += rec_hi[2 * j] * vd;
                hi_o += rec_hi[2 * j + 1] * vd;
                double va2 = shrink(da[at], t_da, soft);
                double vd2 = shrink(dd[at], t_dd, soft);
                lo_e2 += rec_lo[2 * j] * va2;
                lo_o2 += rec_lo[2 * j + 1] * va2;
                hi_e2 += rec_hi[2 * j] * vd2;
                hi_o2 += rec_hi[2 * j + 1] * vd2;
            }
            const long out = (long)k * cols + 2 * m;
            low[out] = lo_e + hi_e;
            high[out] = lo_e2 + hi_e2;
            if (2 * m + 1 < cols) {
                low[out + 1] = lo_o + hi_o;
                high[out + 1] = lo_o2 + hi_o2;
            }
        }

        // Axis 0 synthesis of output rows 2m and 2m+1 from the low/high planes (m0 × cols).
        __kernel void dwt_inverse_columns(__global const double* low, __global const double* high,
            const int rows, const int cols, __global const double* rec_lo, __global const double* rec_hi, const int taps,
            __global double* out)
        {
            const int c = get_global_id(0);
            const int m = get_global_id(1);
            if (c >= cols || m >= (rows + 1) / 2)
                return;
            const int h = taps / 2 - 1;
            double lo_e = 0, lo_o = 0, hi_e = 0, hi_o = 0;
            for (int j = 0; j <= h; j++) {
                long at = (long)(m + h - j) * cols + c;
                double va = low[at];
                double vd = high[at];
                lo_e += rec_lo[2 * j] * va;
                lo_o += rec_lo[2 * j + 1] * va;
                hi_e += rec_hi[2 * j] * vd;
                hi_o += rec_hi[2 * j + 1] * vd;
            }
            out[(long)(2 * m) * cols + c] = lo_e + hi_e;
            if (2 * m + 1 < rows)
                out[(long)(2 * m + 1) * cols + c] = lo_o + hi_o;
        }
        """;
}
