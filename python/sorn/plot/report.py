"""index.html: every figure with its caption, the key results and every scalar of the
analysis file, the run's parameters, provenance and recordings."""

import datetime
import html
import os
import sys

import h5py

from . import load
from .load import fmt, attr_str

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:1.5em auto;
max-width:1300px;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.6em;margin-bottom:0.2em} h2{border-bottom:1px solid #ccc;padding-bottom:0.2em;
margin-top:1.8em} h3{margin-bottom:0.3em}
figure{margin:1.2em 0 2em 0} figure img{max-width:100%;border:1px solid #ddd}
figcaption{font-size:0.92em;color:#333;margin-top:0.3em}
table{border-collapse:collapse;font-size:0.88em;margin:0.5em 0}
td,th{border:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}
.cols{display:flex;flex-wrap:wrap;gap:2em} .note{color:#8a5a00}
nav a{margin-right:0.9em} code{background:#f5f5f5;padding:0 3px}
"""

# (label, group, scalar, unit); the group by its names.hpp identifier(s) in NS.analysis
KEY_RESULTS = [
    ("mean firing rate", "rates", "mean_rate", "spikes/step"),
    ("std of the per-unit rates", "rates", "rate_std", "spikes/step"),
    ("silent units", "rates", "silent_units", ""),
    ("mean active units per step", "rates", "mean_activity", "units"),
    ("mean Fano factor", "fano", "mean", ""),
    ("ISI mean", "isi", "mean", "steps"),
    ("ISI CV", "isi", "cv", ""),
    ("ISI geometric fit p", "isi", "geometric_p", "1/step"),
    ("spike source entropy", "entropy", "spike_source_entropy", ""),
    ("mean pairwise correlation", "correlation", "mean", ""),
    ("autocorrelation at lag 1", "autocorr", "lag1", ""),
    ("scale-independent smoothness", "smoothness", "scale_independent", ""),
    ("avalanches (complete)", "avalanches", "count", ""),
    ("avalanche size exponent α", "avalanches/size_fit", "alpha", ""),
    ("avalanche size xmin", "avalanches/size_fit", "xmin", "spikes"),
    ("avalanche duration exponent α", "avalanches/duration_fit", "alpha", ""),
    ("avalanche duration xmin", "avalanches/duration_fit", "xmin", "steps"),
    ("E→E synapses (last)", "connections", "ee_last", ""),
    ("I→E synapses (last)", "connections", "ei_last", ""),
    ("mean E→E in-degree", "degrees", "mean_in_degree", "synapses"),
    ("E→E weight mean", "weights", "mean", ""),
    ("lognormal μ (of ln w)", "weights", "lognormal_mu", ""),
    ("lognormal σ (of ln w)", "weights", "lognormal_sigma", ""),
    ("mean final threshold T_e", "thresholds", "final_mean", ""),
    ("mean Hamming distance", "hamming", "mean", "units"),
]


def table(rows, header=None):
    out = ["<table>"]
    if header:
        out.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>")
    for r in rows:
        cells = []
        for j, c in enumerate(r):
            cls = ' class="num"' if j > 0 and isinstance(c, str) and _isnum(c) else ""
            cells.append(f"<td{cls}>{html.escape(str(c))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _isnum(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def analysis_tables(ana):
    A, NS = load.A, load.NS
    parts = [f"<h3>Analysis file</h3>" + table([(k, fmt(v, 6)) for k, v in ana.attrs.items()],
                                               ["attribute", "value"])]

    def group_rows(g, prefix=""):
        rows = [(prefix + k, fmt(v, 6)) for k, v in g.attrs.items() if k != A.title]
        for k, sub in g.items():
            if isinstance(sub, h5py.Group):
                rows += group_rows(sub, prefix + k + ".")
        return rows

    for name, g in ana.items():
        if not isinstance(g, h5py.Group) or name in (NS.group.provenance, A.skipped):
            continue
        rows = group_rows(g)
        if rows:
            title = attr_str(g.attrs.get(A.title, name))
            parts.append(f"<div><h3>{html.escape(title)} <small>(/{html.escape(name)})</small>"
                         f"</h3>" + table(rows, ["quantity", "value"]) + "</div>")
    if A.skipped in ana and len(ana[A.skipped].attrs):
        rows = [(k, attr_str(v)) for k, v in ana[A.skipped].attrs.items()]
        parts.append("<div><h3>Statistics not computed by sorn-analyze</h3>"
                     + table(rows, ["statistic", "reason"]) + "</div>")
    if NS.group.provenance in ana:
        rows = [(k, fmt(v, 6)) for k, v in ana[NS.group.provenance].attrs.items()]
        parts.append("<div><h3>Analysis provenance</h3>" + table(rows, ["attribute", "value"])
                     + "</div>")
    return parts


def key_results(ana):
    A = load.A
    rows = []
    for label, key, attr, unit in KEY_RESULTS:
        grp = "/".join(getattr(A, k) for k in key.split("/"))
        if grp in ana and attr in ana[grp].attrs:
            rows.append((label, fmt(ana[grp].attrs[attr], 4), unit))
    return rows


def write_html(ctx, done, skipped, failed):
    """Writes DIR/index.html; returns its path."""
    A, NS, F = load.A, load.NS, load.F
    res, esc, p = ctx.res, html.escape, ctx.prov
    title = f"SORN run {os.path.basename(ctx.args.result)}"
    out = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
           f"<h1>{esc(title)}</h1>"]
    summary = []
    if ctx.ne:
        summary.append(f"N<sub>e</sub> = {ctx.ne}, N<sub>i</sub> = {fmt(ctx.params.get('ni', '?'))}")
    P, G = NS.provenance, NS.group
    if P.steps_requested in p:
        summary.append(f"{fmt(p[P.steps_requested])} steps")
    if G.state in res:
        summary.append(f"final step {fmt(res[G.state].attrs.get(NS.state.step, '?'))}")
    if P.ranks in p:
        summary.append(f"{fmt(p[P.ranks])} MPI ranks")
    if P.wall_seconds in p:
        summary.append(f"{float(p[P.wall_seconds]):.3g} s wall time")
    out.append("<p>" + " · ".join(summary) + "</p>")
    made = "" if ctx.args.analysis else " (made by plot.py with sorn-analyze)"
    out.append(f"<p>Result file: <code>{esc(os.path.abspath(ctx.args.result))}</code>"
               f"<br>Analysis file{made}: <code>{esc(os.path.abspath(ctx.analysis_path))}</code>"
               " — every statistic shown is read from it"
               f"<br>Generated {datetime.datetime.now().strftime('%Y-%m-%d %H:%M:%S')} by "
               f"<code>{esc(' '.join(sys.argv))}</code></p>")
    nav = [f"<a href=\"#{k}\">{esc(t)}</a>" for k, t, _, _ in done]
    nav += ["<a href=\"#parameters\">Parameters</a>", "<a href=\"#analysis\">Analysis results</a>"]
    out.append("<nav>" + "".join(nav) + "</nav>")
    rows = key_results(ctx.ana)
    if rows:
        a = ctx.ana.attrs
        win = ""
        if A.from_step in a:
            win = (f" — population {esc(fmt(a.get(A.population, '?')))}, "
                   f"{esc(fmt(a.get(A.units, '?')))} units, steps "
                   f"{esc(fmt(a[A.from_step]))}–{esc(fmt(a.get(A.to_step, '?')))}")
        out.append(f"<h2>Key results (sorn-analyze){win}</h2>"
                   + table(rows, ["quantity", "value", "unit"]))
    if skipped or failed:
        out.append("<h2>Figures not drawn</h2><ul>")
        for k, t, why in skipped:
            out.append(f"<li class=\"note\"><b>{esc(t)}</b> ({esc(k)}.png): {esc(why)}</li>")
        for k, t, why in failed:
            out.append(f"<li class=\"note\"><b>{esc(t)}</b> ({esc(k)}.png): failed: "
                       f"{esc(why)}</li>")
        out.append("</ul>")
    out.append("<h2>Figures</h2>")
    for key, t, fname, cap in done:
        out.append(f"<figure id=\"{key}\"><h3>{esc(t)}</h3><a href=\"{esc(fname)}\">"
                   f"<img src=\"{esc(fname)}\" alt=\"{esc(t)}\"></a>"
                   f"<figcaption>{cap}</figcaption></figure>")
    out.append("<h2 id=\"parameters\">Run</h2><div class=\"cols\">")
    out.append(f"<div><h3>Parameters ({F.path(G.parameters)})</h3>"
               + table([(k, fmt(v, 6)) for k, v in sorted(ctx.params.items())],
                       ["parameter", "value"]) + "</div>")
    prov_rows = [(k, fmt(v, 6)) for k, v in p.items()]
    if G.state in res:
        prov_rows.append((f"state step ({F.path(G.state)})",
                          fmt(res[G.state].attrs.get(NS.state.step, "?"))))
    out.append(f"<div><h3>Provenance ({F.path(G.provenance)})</h3>"
               + table(prov_rows, ["attribute", "value"]) + "</div>")
    if ctx.rec is not None:
        R = NS.recordings
        rows = [(R.first_step, fmt(ctx.rec.attrs.get(R.first_step, "?"))),
                (R.record_every, fmt(ctx.rec.attrs.get(R.record_every, "?")))]
        for k, v in ctx.rec.items():
            if isinstance(v, h5py.Dataset):
                rows.append((k, f"{v.shape} {v.dtype}"))
            else:
                rows.append((k + "/", ", ".join(f"{kk} {vv.shape}" for kk, vv in v.items())))
        out.append(f"<div><h3>Recordings ({F.path(G.recordings)})</h3>"
                   + table(rows, ["name", "shape / value"]) + "</div>")
    out.append("</div>")
    out.append("<h2 id=\"analysis\">Analysis results (sorn-analyze)</h2><div class=\"cols\">")
    out += analysis_tables(ctx.ana)
    out.append("</div></body></html>\n")
    path = os.path.join(ctx.out, "index.html")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))
    return path
