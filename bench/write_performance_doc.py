#!/usr/bin/env python3
"""Writes the figures measured by bench/run_load_benchmark.sh into docs/performance.md.

Only the block between the GENERATED markers is replaced; the hand-written method and analysis
around it stay as they are. If the document or the markers are missing, a minimal document is
created.
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess

BEGIN = "<!-- BEGIN GENERATED FIGURES (bench/run_load_benchmark.sh) -->"
END = "<!-- END GENERATED FIGURES -->"


def read(path, default=""):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return default


def field(text, name):
    m = re.search(r"^%s (.+)$" % re.escape(name), text, re.M)
    return m.group(1).strip() if m else ""


def time_v(text, label):
    m = re.search(r"%s: (.+)$" % re.escape(label), text, re.M)
    return m.group(1).strip() if m else ""


def replace_block(path, begin, end, block, when_missing):
    """Replaces the text between the markers @p begin and @p end of the document at @p path with
    @p block (which carries the markers); a document without them becomes when_missing(doc, block)."""
    doc = read(path)
    if begin in doc and end in doc:
        doc = doc[: doc.index(begin)] + block + doc[doc.index(end) + len(end):]
    else:
        doc = when_missing(doc, block)
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)


def machine():
    cpu = "?"
    for line in read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = 0
    for line in read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal"):
            mem_kib = int(line.split()[1])
    debian = read("/etc/debian_version").strip()
    try:
        gxx = subprocess.run(["g++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except OSError:
        gxx = "g++ ?"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "mem_gib": mem_kib / 1024 / 1024,
        "os": "Debian %s, Linux %s" % (debian, platform.release()),
        "compiler": gxx,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--scales", required=True)
    ap.add_argument("--doc", required=True)
    ap.add_argument("--have-cli", default="0")
    args = ap.parse_args()
    r = args.results
    scales = args.scales.split()
    m = machine()

    out = [BEGIN, ""]
    out.append("Measured %s UTC by `bench/run_load_benchmark.sh` (seed %s)." % (
        datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), args.seed))
    out.append("")
    out.append("Machine: %s, %d cores, %.0f GiB RAM, %s; %s; CMake `Release` (`-O3 -DNDEBUG`)." % (
        m["cpu"], m["cores"], m["mem_gib"], m["os"], m["compiler"]))
    up_before = read(os.path.join(r, "uptime-before")).strip()
    up_after = read(os.path.join(r, "uptime-after")).strip()
    la = lambda s: s.split("load average:")[-1].strip() if "load average" in s else "?"
    out.append("Load average (1, 5, 15 min) before the benchmark: %s; after: %s." % (la(up_before), la(up_after)))
    out.append("")

    # Files.
    out.append("### Generated files")
    out.append("")
    out.append("| scale | file size | records | trainees | courses | enrollments | vacancies | referrals | generate + write (wall) |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    sizes = {}
    for s in scales:
        probe = read(os.path.join(r, "probe-%s.out" % s))
        size = int(field(probe, "bytes") or 0)
        sizes[s] = size
        rec = field(probe, "records")
        total = rec.split()[0] if rec else "?"
        counts = dict(re.findall(r"(\w+) (\d+)", rec.split("(", 1)[1])) if "(" in rec else {}
        gen = read(os.path.join(r, "generate-%s.time" % s)).strip().split(",")[0].replace(" wall", "") or "(cached)"
        out.append("| %s | %.1f MB | %s | %s | %s | %s | %s | %s | %s |" % (
            s, size / 1e6, total, counts.get("trainees", "?"), counts.get("courses", "?"),
            counts.get("enrollments", "?"), counts.get("vacancies", "?"), counts.get("referrals", "?"), gen))
    out.append("")

    # Throughput.
    out.append("### Throughput: load + validate beside nlohmann's bare SAX parse (same run)")
    out.append("")
    out.append("| scale | input | clock | load + validate MB/s | load only MB/s | bare SAX MB/s | ratio (load+validate / SAX) |")
    out.append("|---|---|---|---:|---:|---:|---:|")
    rows = [l.split("\t") for l in read(os.path.join(r, "ratios.tsv")).splitlines()[1:]]
    rows = [p for p in rows if len(p) == 7]
    order = {s: i for i, s in enumerate(scales)}
    rows.sort(key=lambda p: (order.get(p[0], 99), p[1] != "file", p[2] != "wall"))
    for parts in rows:
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % tuple(parts))
    out.append("")
    out.append("MB = 10^6 bytes. `wall` divides by elapsed time, `cpu` by the process's CPU time summed over")
    out.append("its threads. vocfab reads files of 32 MiB or more in parts on `hardware_concurrency()` threads")
    out.append("and validates 10,000 records or more on two, so for it `cpu` understates what a user waits")
    out.append("for; on an idle machine `wall` is the figure that counts. The peer (bare SAX) is")
    out.append("single-threaded. Medians over the repetitions.")
    out.append("")

    # Peak RSS.
    out.append("### Peak memory of one load + validate")
    out.append("")
    out.append("| scale | file size | peak RSS (`vocfab-load-validate`) | RSS / file | wall time | user + sys CPU | MB/s (wall) | MB/s (CPU) |" +
               (" peak RSS (`vocfab validate`) |" if args.have_cli == "1" else ""))
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if args.have_cli == "1" else ""))
    for s in scales:
        t = read(os.path.join(r, "probe-%s.time" % s))
        probe = read(os.path.join(r, "probe-%s.out" % s))
        rss = int(time_v(t, "Maximum resident set size (kbytes)") or 0) * 1024
        user = float(time_v(t, "User time (seconds)") or 0)
        sys_ = float(time_v(t, "System time (seconds)") or 0)
        wall = time_v(t, "Elapsed (wall clock) time (h:mm:ss or m:ss)")
        size = sizes.get(s, 0)
        cpu = user + sys_
        row = "| %s | %.1f MB | %.1f MB | %.2f× | %s | %.2f s | %s | %.1f |" % (
            s, size / 1e6, rss / 1e6, rss / size if size else 0, wall, cpu, field(probe, "MB_per_s"),
            size / 1e6 / cpu if cpu else 0)
        if args.have_cli == "1":
            ct = read(os.path.join(r, "cli-%s.time" % s))
            crss = int(time_v(ct, "Maximum resident set size (kbytes)") or 0) * 1024
            row += " %.1f MB |" % (crss / 1e6)
        out.append(row)
    out.append("")
    out.append("Peak RSS is `Maximum resident set size` from `/usr/bin/time -v`; the probe reads the file")
    out.append("through `vocfab::validate_file`, exactly like `vocfab validate` (in parts on a thread pool")
    out.append("from 32 MiB up, else in one piece through 1 MiB blocks). MB/s (CPU) divides by user + sys")
    out.append("time summed over threads.")
    out.append("")
    out.append(END)
    block = "\n".join(out)

    replace_block(args.doc, BEGIN, END, block, lambda doc, block: "# Performance\n\n" + block + "\n")


if __name__ == "__main__":
    main()
