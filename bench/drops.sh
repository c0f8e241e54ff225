#!/usr/bin/env bash
# File drops: small files dropped at once into an APISync inbox, from the first rename into the inbox until the
# last one has left it, beside a bare write + fsync + rename + directory fsync loop of N files (one writer) on the
# same disk, in the same run. Invalid drops (records that fail validation) move to .error/ beside a reason file;
# valid ones are stored as requests (the drain is held back) and move to .done/. JVM CPU and RSS are read from
# /proc of the very process this script started.
# The loop runs before and after each batch (a shared disk's fsync rate drifts): the ratio is against their mean,
# and both are printed. First a backlog of BACKLOG invalid files (default 5 x N) is dropped into the just-started JVM:
# it pays the JIT's warm-up, and its first N files alone are printed too; then N invalid files into the same JVM
# ("warm": the steady cost), then N valid ones.
# Prints: drops-invalid-backlog <files/s>  baseline durable-write-loop <files/s>  ratio <x>   (and the same for the
# warm batch and for valid drops), and the file system measured (TMPDIR picks it).
source "$(dirname "$0")/lib.sh"
N=${1:-2000}
BACKLOG=${BACKLOG:-$((5 * N))}
export ADRELAY_FLOWS=apisync APISYNC_DRAIN_PERIOD_MS=3600000 ADRELAY_INTAKE_MAX_PENDING=$((N + 100))

# lib.sh's sampler looks the JVM up by name (it can pick another adrelay.jar): this one reads the JVM started here
sample_rss() {
  local kb
  kb=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo 0)
  [ "${kb:-0}" -gt "$PEAK_KB" ] && PEAK_KB=$kb || true
}

start_adrelay
CLK_TCK=$(getconf CLK_TCK)
python3 - "$N" "$DATA" "$WORK" "$PID" "$CLK_TCK" "$BACKLOG" <<'PY'
import os, sys, time
n, data, work, pid, clk, backlog = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])

def jvm_cpu_s():
    # utime + stime of the JVM (fields 14 and 15 of /proc/<pid>/stat, after the command name)
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / clk

def rss_mib():
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return 0

def baseline(tag):
    # what the disk allows for one durable small file, the way adrelay writes one
    d = os.path.join(work, "fsync-baseline-" + tag); os.makedirs(d)
    t0 = time.time()
    for i in range(n):
        tmp, dst = os.path.join(d, ".%d.tmp" % i), os.path.join(d, "%d.json" % i)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL); os.write(fd, b'{"reference_id": "bench-%d"}' % i); os.fsync(fd); os.close(fd)
        os.rename(tmp, dst); dfd = os.open(d, os.O_RDONLY); os.fsync(dfd); os.close(dfd)
    return n / (time.time() - t0)

def count(d):
    try:
        return sum(1 for e in os.scandir(d) if not e.name.startswith("."))
    except FileNotFoundError:
        return 0

def drops(resource, batch, files, body, until_dir, until_count):
    """Drops the files at once; returns (files/s, us of JVM CPU a file, RSS) and the files/s of the first n alone."""
    inbox = os.path.join(data, "inbox", "apisync", resource)
    deadline = time.time() + 60
    while not os.path.isdir(inbox):
        if time.time() > deadline: sys.exit("no inbox " + inbox)
        time.sleep(0.05)
    stage = os.path.join(work, "stage-" + batch); os.makedirs(stage)
    old = time.time() - 10  # older than the read lock's minimum age: only the route's own pace counts
    for i in range(files):
        f = os.path.join(stage, "%s-%06d.json" % (batch, i))
        with open(f, "w") as out: out.write(body % i)
        os.utime(f, (old, old))
    cpu0, t0 = jvm_cpu_s(), time.time()
    for i in range(files):
        os.rename(os.path.join(stage, "%s-%06d.json" % (batch, i)), os.path.join(inbox, "%s-%06d.json" % (batch, i)))
    # the inbox itself, which empties: listing the growing .error/ (up to 4 entries a file) every 20 ms took a tenth
    # of a core from the JVM measured; a long inbox is listed less often for the same reason
    deadline, first = t0 + 600, None
    left = count(inbox)
    while left > 0:
        if time.time() > deadline: sys.exit("drops not done after 600 s: %d left in the inbox" % left)
        time.sleep(max(0.02, left / 100000))
        left = count(inbox)
        if first is None and left <= files - n:
            first = n / (time.time() - t0)
    dt = time.time() - t0
    cpu = (jvm_cpu_s() - cpu0) * 1e6 / files
    # and each file went where it should (its move is in the folder once it has left the inbox)
    if count(os.path.join(inbox, until_dir)) < until_count:
        sys.exit("%d files in %s, expected %d" % (count(os.path.join(inbox, until_dir)), until_dir, until_count))
    return (files / dt, cpu, rss_mib(), files), first

def line(label, drop, before, after, more=""):
    rate, cpu, rss, files = drop
    base = (before + after) / 2
    print("%s %.0f files/s  baseline durable-write-loop %.0f files/s  ratio %.2f   (%d files%s, %.0f us JVM CPU/file, "
          "RSS %d MiB; loop before %.0f, after %.0f)" % (label, rate, base, rate / base, files, more, cpu, rss, before, after))

def file_system(path):
    # the mount that holds path (the longest mount point above it), and for ext4 whether it has a journal
    best = ("?", "?", "")
    for entry in open("/proc/self/mountinfo"):
        left, right = entry.split(" - ", 1)
        point, (fstype, source) = left.split()[4], right.split()[:2]
        if (path + "/").startswith(point.rstrip("/") + "/") and len(point) >= len(best[2]):
            best = (fstype, source, point)
    fstype, source, point = best
    journal = ""
    if fstype == "ext4":
        device = os.path.basename(source)
        has = os.path.isdir("/proc/fs/jbd2") and any(j.startswith(device + "-") for j in os.listdir("/proc/fs/jbd2"))
        journal = ", journal: " + ("yes" if has else "none (each new file's inode is looked for past the recently deleted ones)")
    return "%s on %s, mounted at %s%s" % (fstype, source, point, journal)

invalid = '{"reference_id": "bench-%d"}'
print("file system measured: " + file_system(os.path.realpath(work)))
loops = [baseline("0")]
cold, first = drops("campaigns", "cold", backlog, invalid, ".error", 2 * backlog)
loops.append(baseline("1"))
warm, _ = drops("campaigns", "warm", n, invalid, ".error", 2 * (backlog + n))
loops.append(baseline("2"))
valid, _ = drops("inventory-items", "valid", n,
                 '{"reference_id": "bench-%d", "ad_template_type": "vehicle", "available": true, "content_language": "pt-br"}',
                 ".done", n)
loops.append(baseline("3"))
line("drops-invalid-backlog", cold, loops[0], loops[1],
     " into a just-started JVM; its first %d: %.0f files/s, ratio %.2f" % (n, first, first / ((loops[0] + loops[1]) / 2)))
line("drops-invalid-warm", warm, loops[1], loops[2])
line("drops-valid-apisync", valid, loops[2], loops[3])
PY
sample_rss
echo "JVM peak RSS $((PEAK_KB / 1024)) MiB"
