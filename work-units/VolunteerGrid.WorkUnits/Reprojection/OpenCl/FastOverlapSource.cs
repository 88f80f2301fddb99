namespace VolunteerGrid.WorkUnits.Reprojection.OpenCl;

/// <summary>
/// OpenCL C for the plane-to-plane overlap (<see cref="FastOverlapKernel"/>), turned from a scatter
/// (each input pixel adds into the output pixels it covers) into a gather (each output pixel visits
/// the input pixels that can cover it): a scatter would need double-precision atomics, which OpenCL
/// 1.2 lacks, and would add in a racy order. Each output pixel adds its inputs in input order (row,
/// then column), runs the same Sutherland–Hodgman clips in the same order and never contracts a
/// multiply and add into an FMA, so its sums are those of the CPU kernel operation for operation.
/// </summary>
internal static class FastOverlapSource
{
    public const string Kernel = "fast_overlap";

    public const string Text = """
        #pragma OPENCL EXTENSION cl_khr_fp64 : enable
        #pragma OPENCL FP_CONTRACT OFF
        #define MAXV 16

        // ConvexClipper.ClipAxis: keeps a >= bound (keep_above) or a <= bound; b is carried along.
        static int clip_axis(const double* pa, const double* pb, int n, double bound, int keep_above, double* oa, double* ob)
        {
            int m = 0;
            if (n == 0)
                return 0;
            double sa = pa[n - 1];
            double sb = pb[n - 1];
            int s_in = keep_above ? sa >= bound : sa <= bound;
            for (int i = 0; i < n; i++) {
                double ea = pa[i];
                double eb = pb[i];
                int e_in = keep_above ? ea >= bound : ea <= bound;
                if (e_in != s_in) {
                    double t = (bound - sa) / (ea - sa);
                    oa[m] = bound;
                    ob[m] = sb + (t * (eb - sb));
                    m++;
                }
                if (e_in) {
                    oa[m] = ea;
                    ob[m] = eb;
                    m++;
                }
                sa = ea;
                sb = eb;
                s_in = e_in;
            }
            return m;
        }

        static double signed_area(const double* px, const double* py, int n)
        {
            double twice = 0;
            for (int i = 0, j = n - 1; i < n; j = i++)
                twice += (px[j] * py[i]) - (px[i] * py[j]);
            return 0.5 * twice;
        }

        // g: the projective map from the output window plane (u, v) to input corner indices (i, j),
        // as g[0..7] with (u, v) centred on (g[8], g[9]) and divided by g[10]. margin: how far (in
        // input pixels) g may be from the true corner positions.
        __kernel void fast_overlap(
            __global const double* U, __global const double* V, __global const float* pixels,
            const int in_width, const int in_height, const int out_width, const int out_height,
            __global const double* g, const double margin, const double scale,
            __global float* values, __global double* area)
        {
            const int j = get_global_id(0);
            const int k = get_global_id(1);
            if (j >= out_width || k >= out_height)
                return;
            double min_x = INFINITY, max_x = -INFINITY, min_y = INFINITY, max_y = -INFINITY;
            for (int corner = 0; corner < 4; corner++) {
                double u = ((j + (corner & 1)) - g[8]) / g[10];
                double v = ((k + (corner >> 1)) - g[9]) / g[10];
                double w = 1.0 / ((g[6] * u) + (g[7] * v) + 1.0);
                double x = ((g[0] * u) + (g[1] * v) + g[2]) * w;
                double y = ((g[3] * u) + (g[4] * v) + g[5]) * w;
                min_x = fmin(min_x, x); max_x = fmax(max_x, x);
                min_y = fmin(min_y, y); max_y = fmax(max_y, y);
            }
            const int c0 = max(0, (int)floor(fmax(min_x - margin, -2.0)) - 1);
            const int c1 = min(in_width - 1, (int)floor(fmin(max_x + margin, (double)in_width + 1)));
            const int r0 = max(0, (int)floor(fmax(min_y - margin, -2.0)) - 1);
            const int r1 = min(in_height - 1, (int)floor(fmin(max_y + margin, (double)in_height + 1)));
            const int columns = in_width + 1;
            double qx[4], qy[4], tx[MAXV], ty[MAXV], sx[MAXV], sy[MAXV], cx[MAXV], cy[MAXV];
            double sum_vw = 0, sum_w = 0;
            for (int r = r0; r <= r1; r++) {
                for (int c = c0; c <= c1; c++) {
                    const float value = pixels[(long)r * in_width + c];
                    if (isnan(value))
                        continue;
                    const long a = (long)r * columns + c;
                    qx[0] = U[a]; qy[0] = V[a];
                    qx[1] = U[a + 1]; qy[1] = V[a + 1];
                    qx[2] = U[a + columns + 1]; qy[2] = V[a + columns + 1];
                    qx[3] = U[a + columns]; qy[3] = V[a + columns];
                    double lo_v = fmin(fmin(qy[0], qy[1]), fmin(qy[2], qy[3]));
                    double hi_v = fmax(fmax(qy[0], qy[1]), fmax(qy[2], qy[3]));
                    double lo_u = fmin(fmin(qx[0], qx[1]), fmin(qx[2], qx[3]));
                    double hi_u = fmax(fmax(qx[0], qx[1]), fmax(qx[2], qx[3]));
                    if (isnan(qx[0] + qx[1] + qx[2] + qx[3] + qy[0] + qy[1] + qy[2] + qy[3]))
                        continue;
                    if (hi_v < k || lo_v > k + 1 || hi_u < j || lo_u > j + 1)
                        continue;
                    // The CPU clips by the output row strip, then by the column: same order here.
                    int n = clip_axis(qy, qx, 4, (double)k, 1, ty, tx);
                    n = clip_axis(ty, tx, n, (double)(k + 1), 0, sy, sx);
                    if (n < 3)
                        continue;
                    int m = clip_axis(sx, sy, n, (double)j, 1, tx, ty);
                    m = clip_axis(tx, ty, m, (double)(j + 1), 0, cx, cy);
                    if (m < 3)
                        continue;
                    double overlap = fabs(signed_area(cx, cy, m));
                    if (overlap > 0) {
                        sum_vw += value * overlap;
                        sum_w += overlap;
                    }
                }
            }
            const long o = (long)k * out_width + j;
            values[o] = sum_w > 0 ? (float)(sum_vw / sum_w) : NAN;
            area[o] = sum_w * scale;
        }
        """;
}
