#!/usr/bin/env python3
"""Writes the figures measured by bench/run_ops_benchmark.sh into docs/performance.md.

Only the block between the LIFECYCLE OPERATIONS markers is replaced; the rest of the document
(the load figures of bench/run_load_benchmark.sh, the hand-written analysis) stays as it is. When
the markers are missing, a section "Lifecycle operations" holding them is appended.
"""
import argparse
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from write_performance_doc import machine, read, replace_block, time_v  # noqa: E402  (same directory)

BEGIN = "<!-- BEGIN LIFECYCLE OPERATIONS FIGURES (bench/run_ops_benchmark.sh) -->"
END = "<!-- END LIFECYCLE OPERATIONS FIGURES -->"

TARGET_REFER_US = 5.0
TARGET_OPS_PER_S = 300_000
TARGET_RATIO = 20.0


def fmt_int(n):
    return "{:,}".format(int(round(n)))


def status(ok):
    return "**met**" if ok else "**missed**"


def run(info, name):
    return info["runs"].get(name, {})


def median_seconds(info, name, clock="seconds"):
    r = run(info, name)
    return r.get(clock, {}).get("median", 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--doc", required=True)
    args = ap.parse_args()
    info = json.loads(read(os.path.join(args.results, "ops_info.json"), "{}"))
    if not info:
        sys.exit("no ops_info.json in %s" % args.results)
    st = info["settings"]
    scale = st["scale"]
    scales = {s["name"]: s for s in info["scales"]}
    main_scale = scales[scale]
    wl = main_scale["workload"]
    fp = info["first_pass"]
    m = machine()
    la = lambda s: s.split("load average:")[-1].strip() if "load average" in s else "?"
    up_before = read(os.path.join(args.results, "uptime-before")).strip()
    up_after = read(os.path.join(args.results, "uptime-after")).strip()
    peak = time_v(read(os.path.join(args.results, "ops_bench.time")), "Maximum resident set size (kbytes)")

    ops = wl["operations"]
    rv = info["refer"]["vocfab_us"]
    rs = info["refer"]["sqlite_us"]
    t_v = median_seconds(info, "lifecycle/vocfab/" + scale)
    t_s = median_seconds(info, "lifecycle/sqlite/" + scale)
    c_v = median_seconds(info, "lifecycle/vocfab/" + scale, "cpu_seconds")
    c_s = median_seconds(info, "lifecycle/sqlite/" + scale, "cpu_seconds")
    rate_v = ops / t_v if t_v else 0
    rate_s = ops / t_s if t_s else 0
    cpu_rate_v = ops / c_v if c_v else 0
    cpu_rate_s = ops / c_s if c_s else 0
    refer_ratio = rs["median"] / rv["median"] if rv["median"] else 0
    workload_ratio = rate_v / rate_s if rate_s else 0

    out = [BEGIN, ""]
    out.append("Measured %s UTC by `bench/run_ops_benchmark.sh` (seed %s, %s scale, %s operations in batches of %s)." % (
        datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), st["seed"], scale, fmt_int(ops), fmt_int(st["batch"])))
    out.append("")
    out.append("Machine: %s, %d cores, %.0f GiB RAM, %s; %s; CMake `release` preset (`-O3 -DNDEBUG`); SQLite %s." % (
        m["cpu"], m["cores"], m["mem_gib"], m["os"], m["compiler"], st.get("sqlite_version", "?")))
    out.append("Load average (1, 5, 15 min) before the run: %s; after: %s. Peak RSS of the whole run: %s MB." % (
        la(up_before), la(up_after), fmt_int(int(peak or 0) / 1024)))
    out.append("")

    out.append("#### Targets")
    out.append("")
    out.append("| target | vocfab | SQLite peer (same run) | vocfab / SQLite | status |")
    out.append("|---|---:|---:|---:|---|")
    out.append("| `refer` with all its checks, one operation a batch: median ≤ %.0f µs | **%.2f µs** (p90 %.2f, p99 %.2f) | %.2f µs (p90 %.2f, p99 %.2f) | %.1f× | %s |" % (
        TARGET_REFER_US, rv["median"], rv["p90"], rv["p99"], rs["median"], rs["p90"], rs["p99"], refer_ratio,
        status(rv["median"] <= TARGET_REFER_US)))
    out.append("| lifecycle workload ≥ %s operations/s | **%s ops/s** wall (%s by CPU time) | %s ops/s wall (%s by CPU time) | %.1f× | %s |" % (
        fmt_int(TARGET_OPS_PER_S), fmt_int(rate_v), fmt_int(cpu_rate_v), fmt_int(rate_s), fmt_int(cpu_rate_s),
        workload_ratio, status(rate_v >= TARGET_OPS_PER_S)))
    out.append("| vocfab ≥ %.0f× the SQLite peer | refer %.1f×, workload %.1f× | — | — | %s |" % (
        TARGET_RATIO, refer_ratio, workload_ratio, status(min(refer_ratio, workload_ratio) >= TARGET_RATIO)))
    out.append("| memory growth per applied operation | %s B resident, %s B of heap in use (first pass; the audit entry %s B of it) | %s B of database pages | — | stated |" % (
        fmt_int(fp["rss_bytes_per_op"]), fmt_int(fp["heap_bytes_per_op"]), fmt_int(fp.get("audit_bytes_per_op", 0)),
        fmt_int(info["extra"].get("lifecycle/sqlite/database_bytes_per_op", {}).get("median", 0))))
    out.append("")

    out.append("#### The workload")
    out.append("")
    before = fp["counts_before"]
    after = fp["counts_after"]
    out.append("%s dataset: %s trainees, %s vacancies (%s taking referrals on %s, with %s free positions), %s referrals; %s people may be referred (consent to sharing, residency, below the decline limit). Generated in %.1f s; the SQLite copy loaded, indexed and analysed in %.1f s (%s MB of pages)." % (
        scale, fmt_int(before["trainees"]), fmt_int(before["vacancies"]), fmt_int(wl["accepting_vacancies_at_start"]),
        wl["first_day"], fmt_int(wl.get("free_positions_at_start", 0)), fmt_int(before["referrals"]), fmt_int(wl["eligible_people"]), main_scale["generate_seconds"],
        main_scale["sqlite_load_seconds"], fmt_int(main_scale["sqlite_bytes"] / 1e6)))
    out.append("")
    out.append("| operation | count | share |")
    out.append("|---|---:|---:|")
    for op, n in sorted(wl["mix"].items(), key=lambda kv: -kv[1]):
        out.append("| `%s` | %s | %.1f %% |" % (op, fmt_int(n), 100.0 * n / ops if ops else 0))
    out.append("")
    out.append("Days %s to %s. Derived effects the simulator expects: %s open referrals withdrawn (`hired_elsewhere`, `vacancy_filled`), %s vacancies filled, %s hires ended early (`left_early`). First pass: %s operations applied, **%s refused** (dropped before timing)%s; dataset afterwards: %s referrals, %s vacancies, %s audit entries; `vocfab::validate`: %s issues (%.1f s)." % (
        wl["first_day"], wl["last_day"], fmt_int(wl["withdrawn_by_hires"]), fmt_int(wl["vacancies_filled"]),
        fmt_int(wl["left_early"]), fmt_int(fp["applied"]), fmt_int(fp["refused"]),
        (": " + "; ".join(fp["refused_examples"][:3])) if fp["refused_examples"] else "",
        fmt_int(after["referrals"]), fmt_int(after["vacancies"]), fmt_int(after["audit"]),
        fmt_int(fp["validate_issues"]) if fp.get("validated") else "not run", fp.get("validate_seconds", 0)))
    out.append("")

    out.append("#### Single referrals and the workload")
    out.append("")
    out.append("| measure | vocfab | SQLite peer |")
    out.append("|---|---:|---:|")
    out.append("| `refer`, per operation: median / p90 / p99 / mean (µs) | %.2f / %.2f / %.2f / %.2f | %.2f / %.2f / %.2f / %.2f |" % (
        rv["median"], rv["p90"], rv["p99"], rv["mean"], rs["median"], rs["p90"], rs["p99"], rs["mean"]))
    out.append("| `refer`, referrals timed | %s | %s |" % (fmt_int(rv["count"]), fmt_int(rs["count"])))
    for label, name_v, name_s, clock in (("workload, wall (median of %d)" % st["workload_repetitions"], "lifecycle/vocfab/", "lifecycle/sqlite/", "seconds"),
                                         ("workload, CPU (median)", "lifecycle/vocfab/", "lifecycle/sqlite/", "cpu_seconds")):
        tv = median_seconds(info, name_v + scale, clock)
        ts = median_seconds(info, name_s + scale, clock)
        out.append("| %s | %.2f s = %s ops/s | %.2f s = %s ops/s |" % (
            label, tv, fmt_int(ops / tv if tv else 0), ts, fmt_int(ops / ts if ts else 0)))
    ev = info["extra"]
    out.append("| memory growth per operation, timed runs (median) | %s B heap, %s B resident | %s B of database pages |" % (
        fmt_int(ev.get("lifecycle/vocfab/heap_bytes_per_op", {}).get("median", 0)),
        fmt_int(ev.get("lifecycle/vocfab/rss_bytes_per_op", {}).get("median", 0)),
        fmt_int(ev.get("lifecycle/sqlite/database_bytes_per_op", {}).get("median", 0))))
    out.append("| refused in the timed runs | %s referrals, %s batches | %s referrals, %s operations |" % (
        fmt_int(info["refer"]["refused_vocfab"]), fmt_int(ev.get("lifecycle/vocfab/refused_batches", {}).get("max", 0)),
        fmt_int(info["refer"]["refused_sqlite"]), fmt_int(ev.get("lifecycle/sqlite/refused_ops", {}).get("max", 0))))
    out.append("")

    out.append("#### Refused batches: applied, then rolled back")
    out.append("")
    out.append("| scale | dataset records | batch | vocfab apply + roll back | per operation | SQLite BEGIN … ROLLBACK | per operation |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    order = [scale] + [s for s in scales if s != scale]
    order.sort(key=lambda s: sum(v for k, v in scales[s]["records"].items() if k != "audit"))
    for s in order:
        records = sum(v for k, v in scales[s]["records"].items() if k != "audit")
        for size in sorted({int(n.rsplit("/", 1)[1]) for n in info["runs"] if n.startswith("refused/vocfab/%s/" % s)}):
            tv = median_seconds(info, "refused/vocfab/%s/%d" % (s, size))
            ts = median_seconds(info, "refused/sqlite/%s/%d" % (s, size))
            out.append("| %s | %s | %s | %.2f ms | %.2f µs | %.2f ms | %.2f µs |" % (
                s, fmt_int(records), fmt_int(size), tv * 1e3, tv * 1e6 / size, ts * 1e3, ts * 1e6 / size))
    out.append("")
    bs = fp.get("batch_seconds")
    if bs:
        out.append("For comparison, the first pass's batches of %s operations (applied, not refused) on the %s dataset: median %.2f ms, p90 %.2f ms, p99 %.2f ms; the first one %.1f ms (the copied dataset's vectors grow for the first time)." % (
            fmt_int(st["batch"]), scale, bs["median"] * 1e3, bs["p90"] * 1e3, bs["p99"] * 1e3, fp.get("first_batch_seconds", 0) * 1e3))
        out.append("")
    out.append("Each batch is the workload's first n−1 operations and a second referral of its first pair (`duplicate_referral`) last; vocfab is checked to refuse it at that operation and to leave the dataset's record counts and audit trail as they were. Medians of %d repetitions." % st["repetitions"])
    out.append("")

    if info.get("by_kind"):
        out.append("#### Cost by kind of operation")
        out.append("")
        out.append("The workload's first %s operations applied one at a time (vocfab: each its own batch, so each also pays a batch's fixed cost; SQLite: all in one transaction), each timed:" % fmt_int(sum(k["count"] for k in info["by_kind"].values())))
        out.append("")
        out.append("| operation | count | vocfab µs (batch of one) | SQLite µs | SQLite / vocfab |")
        out.append("|---|---:|---:|---:|---:|")
        for op, k in sorted(info["by_kind"].items(), key=lambda kv: -kv[1]["count"]):
            out.append("| `%s` | %s | %.2f | %.2f | %.1f× |" % (op, fmt_int(k["count"]), k["vocfab_us"], k["sqlite_us"],
                                                         k["sqlite_us"] / k["vocfab_us"] if k["vocfab_us"] else 0))
        out.append("")

    out.append("Raw results: `ops_bench.json` (Google Benchmark), `ops_info.json` (the summary above) and `ops_bench.txt` in the run's results directory.")
    out.append("")
    out.append(END)
    block = "\n".join(out)

    # Without the markers, the section goes at the end of the document.
    replace_block(args.doc, BEGIN, END, block,
                  lambda doc, block: doc.rstrip("\n") + "\n\n## Lifecycle operations\n\n" + block + "\n")


if __name__ == "__main__":
    main()
