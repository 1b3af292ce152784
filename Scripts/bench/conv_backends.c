/* Piano Scribe's three convolutions on one chunk, two ways, one thread each (issue 18: "im2col with
 * OpenBLAS sgemm, or oneDNN from Debian's libdnnl-dev: measure which is faster here").
 *
 *   Scripts/bench-conv-backends.sh        (compiles this file against libdnnl and OpenBLAS, runs it)
 *
 * The shapes are the shipped model's (PianoScribeShape: 12, 12, 24 channels, 3 x 3 kernels, no
 * padding in time and one bin in frequency, a 1 x 2 max pooling before the third) on the chunk
 * `compose transcribe` runs: 200 labelled frames + 2 x 8 context = 216 frames x 229 mel bins.
 *   im2col  : the algorithm of ModelKit's Conv2D (NCHW; im2col, bias, one cblas_sgemm, ReLU).
 * Written for the oneDNN 2.x C API (Debian 12's libdnnl-dev 2.6; 3.x removed the *_desc_init calls).
 *   onednn  : oneDNN's convolution (algorithm chosen by oneDNN), ReLU fused, NCHW in and out.
 *   blocked : oneDNN with the layouts it prefers (format "any"); the reorders into and out of them
 *             are not timed, so this is its best case.
 * Prints milliseconds per chunk (median of the runs) and the largest difference from im2col.
 */
#include <cblas.h>
#include <math.h>
#include <oneapi/dnnl/dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(f) do { dnnl_status_t s_ = (f); if (s_ != dnnl_success) { fprintf(stderr, "%s: status %d\n", #f, (int)s_); exit(70); } } while (0)

typedef struct { int cin, cout, h, w; } Layer; /* input height (frames) and width (bins) */

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static float *randoms(size_t n, unsigned seed) { float *p = malloc(n * sizeof *p); srand(seed); for (size_t i = 0; i < n; i++) p[i] = (float)rand() / RAND_MAX - 0.5f; return p; }

/* ModelKit's Conv2D.forward for one item, then ReLU: kernel 3 x 3, padding 0 (height) and 1 (width). */
static void im2col_conv(const Layer *l, const float *x, const float *wt, const float *bias, float *cols, float *y) {
    int oh = l->h - 2, ow = l->w, cells = oh * ow, row = 0;
    for (int c = 0; c < l->cin; c++)
        for (int ki = 0; ki < 3; ki++)
            for (int kj = 0; kj < 3; kj++, row++) {
                float *dst = cols + (size_t)row * cells;
                for (int i = 0; i < oh; i++) {
                    int ih = i + ki;
                    for (int j = 0; j < ow; j++) {
                        int iw = j - 1 + kj;
                        dst[i * ow + j] = (iw >= 0 && iw < l->w) ? x[((size_t)c * l->h + ih) * l->w + iw] : 0;
                    }
                }
            }
    for (int o = 0; o < l->cout; o++) for (int k = 0; k < cells; k++) y[(size_t)o * cells + k] = bias[o];
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, l->cout, cells, l->cin * 9, 1, wt, l->cin * 9, cols, cells, 1, y, cells);
    for (size_t k = 0; k < (size_t)l->cout * cells; k++) if (y[k] < 0) y[k] = 0;
}

typedef struct { dnnl_primitive_t conv; dnnl_memory_t src, wei, bia, dst; } OneDNN;

static OneDNN onednn_conv(dnnl_engine_t eng, dnnl_stream_t st, const Layer *l, const float *x, const float *wt, const float *bias, int blocked) {
    dnnl_dims_t sd = {1, l->cin, l->h, l->w}, wd = {l->cout, l->cin, 3, 3}, bd = {l->cout}, dd = {1, l->cout, l->h - 2, l->w};
    dnnl_dims_t strides = {1, 1}, pad = {0, 1};
    dnnl_memory_desc_t smd, wmd, bmd, dmd, splain, wplain;
    CHECK(dnnl_memory_desc_init_by_tag(&splain, 4, sd, dnnl_f32, dnnl_nchw));
    CHECK(dnnl_memory_desc_init_by_tag(&wplain, 4, wd, dnnl_f32, dnnl_oihw));
    CHECK(dnnl_memory_desc_init_by_tag(&smd, 4, sd, dnnl_f32, blocked ? dnnl_format_tag_any : dnnl_nchw));
    CHECK(dnnl_memory_desc_init_by_tag(&wmd, 4, wd, dnnl_f32, blocked ? dnnl_format_tag_any : dnnl_oihw));
    CHECK(dnnl_memory_desc_init_by_tag(&bmd, 1, bd, dnnl_f32, dnnl_x));
    CHECK(dnnl_memory_desc_init_by_tag(&dmd, 4, dd, dnnl_f32, blocked ? dnnl_format_tag_any : dnnl_nchw));
    dnnl_convolution_desc_t cd;
    CHECK(dnnl_convolution_forward_desc_init(&cd, dnnl_forward_inference, dnnl_convolution_auto, &smd, &wmd, &bmd, &dmd, strides, pad, pad));
    dnnl_post_ops_t po; dnnl_primitive_attr_t attr;
    CHECK(dnnl_post_ops_create(&po));
    CHECK(dnnl_post_ops_append_eltwise(po, 1.0f, dnnl_eltwise_relu, 0, 0));
    CHECK(dnnl_primitive_attr_create(&attr));
    CHECK(dnnl_primitive_attr_set_post_ops(attr, po));
    dnnl_primitive_desc_t pd;
    CHECK(dnnl_primitive_desc_create(&pd, &cd, attr, eng, NULL));
    OneDNN r;
    CHECK(dnnl_primitive_create(&r.conv, pd));
    const dnnl_memory_desc_t *s = dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0);
    const dnnl_memory_desc_t *w = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    const dnnl_memory_desc_t *d = dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0);
    CHECK(dnnl_memory_create(&r.src, s, eng, DNNL_MEMORY_ALLOCATE));
    CHECK(dnnl_memory_create(&r.wei, w, eng, DNNL_MEMORY_ALLOCATE));
    CHECK(dnnl_memory_create(&r.bia, &bmd, eng, (void *)bias));
    CHECK(dnnl_memory_create(&r.dst, d, eng, DNNL_MEMORY_ALLOCATE));
    /* The plain input and weights reordered (or copied) into the primitive's layouts, once. */
    dnnl_memory_t ps, pw;
    CHECK(dnnl_memory_create(&ps, &splain, eng, (void *)x));
    CHECK(dnnl_memory_create(&pw, &wplain, eng, (void *)wt));
    dnnl_memory_t from[2] = {ps, pw}, to[2] = {r.src, r.wei};
    for (int i = 0; i < 2; i++) {
        dnnl_primitive_desc_t rpd; dnnl_primitive_t re;
        CHECK(dnnl_reorder_primitive_desc_create(&rpd, i ? &wplain : &splain, eng, i ? w : s, eng, NULL));
        CHECK(dnnl_primitive_create(&re, rpd));
        dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, from[i]}, {DNNL_ARG_TO, to[i]}};
        CHECK(dnnl_primitive_execute(re, st, 2, args));
        CHECK(dnnl_stream_wait(st));
    }
    return r;
}

static void onednn_run(dnnl_stream_t st, OneDNN *r) {
    dnnl_exec_arg_t args[4] = {{DNNL_ARG_SRC, r->src}, {DNNL_ARG_WEIGHTS, r->wei}, {DNNL_ARG_BIAS, r->bia}, {DNNL_ARG_DST, r->dst}};
    CHECK(dnnl_primitive_execute(r->conv, st, 4, args));
    CHECK(dnnl_stream_wait(st));
}

/* The plain (NCHW) output of a oneDNN result, for the comparison. */
static float *onednn_plain(dnnl_engine_t eng, dnnl_stream_t st, OneDNN *r, const Layer *l) {
    size_t n = (size_t)l->cout * (l->h - 2) * l->w;
    float *out = malloc(n * sizeof *out);
    dnnl_dims_t dd = {1, l->cout, l->h - 2, l->w};
    dnnl_memory_desc_t plain; const dnnl_memory_desc_t *d;
    CHECK(dnnl_memory_desc_init_by_tag(&plain, 4, dd, dnnl_f32, dnnl_nchw));
    CHECK(dnnl_memory_get_memory_desc(r->dst, &d));
    dnnl_memory_t pm; dnnl_primitive_desc_t rpd; dnnl_primitive_t re;
    CHECK(dnnl_memory_create(&pm, &plain, eng, out));
    CHECK(dnnl_reorder_primitive_desc_create(&rpd, d, eng, &plain, eng, NULL));
    CHECK(dnnl_primitive_create(&re, rpd));
    dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, r->dst}, {DNNL_ARG_TO, pm}};
    CHECK(dnnl_primitive_execute(re, st, 2, args));
    CHECK(dnnl_stream_wait(st));
    return out;
}

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 200;
    if (runs < 1) { fprintf(stderr, "conv_backends: RUNS must be at least 1, got %s\n", argv[1]); return 64; }
    Layer layers[3] = {{1, 12, 216, 229}, {12, 12, 214, 229}, {12, 24, 212, 114}};
    dnnl_engine_t eng; dnnl_stream_t st;
    CHECK(dnnl_engine_create(&eng, dnnl_cpu, 0));
    CHECK(dnnl_stream_create(&st, eng, dnnl_stream_default_flags));
    double totals[3] = {0, 0, 0};
    printf("%-6s %-18s %10s %10s %10s   %s\n", "layer", "shape", "im2col ms", "onednn ms", "blocked ms", "largest difference (onednn, blocked)");
    for (int li = 0; li < 3; li++) {
        Layer *l = &layers[li];
        size_t in = (size_t)l->cin * l->h * l->w, outn = (size_t)l->cout * (l->h - 2) * l->w;
        float *x = randoms(in, 1 + li), *wt = randoms((size_t)l->cout * l->cin * 9, 11 + li), *b = randoms(l->cout, 21 + li);
        float *cols = malloc((size_t)l->cin * 9 * (l->h - 2) * l->w * sizeof(float)), *y = malloc(outn * sizeof(float));
        OneDNN plain = onednn_conv(eng, st, l, x, wt, b, 0), blocked = onednn_conv(eng, st, l, x, wt, b, 1);
        double *t = malloc(runs * sizeof(double)), med[3];
        for (int way = 0; way < 3; way++) {
            for (int r = 0; r < runs + 5; r++) {
                double t0 = now();
                if (way == 0) im2col_conv(l, x, wt, b, cols, y); else onednn_run(st, way == 1 ? &plain : &blocked);
                if (r >= 5) t[r - 5] = now() - t0;   /* 5 warm-up runs */
            }
            qsort(t, runs, sizeof *t, cmp);
            med[way] = t[runs / 2] * 1e3;
            totals[way] += med[way];
        }
        float *p = onednn_plain(eng, st, &plain, l), *q = onednn_plain(eng, st, &blocked, l);
        double dp = 0, dq = 0;
        for (size_t k = 0; k < outn; k++) { dp = fmax(dp, fabs(p[k] - y[k])); dq = fmax(dq, fabs(q[k] - y[k])); }
        char shape[40]; snprintf(shape, sizeof shape, "%d->%d, %dx%d", l->cin, l->cout, l->h, l->w);
        printf("conv%-2d %-18s %10.3f %10.3f %10.3f   %.2g, %.2g\n", li + 1, shape, med[0], med[1], med[2], dp, dq);
    }
    printf("%-25s %10.3f %10.3f %10.3f   (ms per 200-frame chunk, 2 s of audio)\n", "all three", totals[0], totals[1], totals[2]);
    printf("onednn / im2col %.2f, blocked / im2col %.2f\n", totals[1] / totals[0], totals[2] / totals[0]);
    return 0;
}
