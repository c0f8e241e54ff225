#!/usr/bin/env bash
# File drops: N small files dropped at once into an APISync inbox, from the first rename into the inbox until the
# last one has left it, beside a bare write + fsync + rename + directory fsync loop of N files (one writer) on the
# same disk, in the same run. Invalid drops (records that fail validation) move to .error/ beside a reason file;
# valid ones are stored as requests (the drain is held back) and move to .done/. JVM CPU and RSS are read from
# /proc of the very process this script started.
# The loop runs before and after each batch (a shared disk's fsync rate drifts): the ratio is against their mean,
# and both are printed. The invalid files are dropped twice in the same JVM: the first batch pays the JIT's warm-up,
# the second ("warm") shows the steady cost.
# Prints: drops-invalid <files/s>  baseline durable-write-loop <files/s>  ratio <x>   (and the same for the warm
# batch and for valid drops)
source "$(dirname "$0")/lib.sh"
N=${1:-2000}
export ADRELAY_FLOWS=apisync APISYNC_DRAIN_PERIOD_MS=3600000 ADRELAY_INTAKE_MAX_PENDING=$((N + 100))

# lib.sh's sampler looks the JVM up by name (it can pick another adrelay.jar): this one reads the JVM started here
sample_rss() {
  local kb
  kb=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo 0)
  [ "${kb:-0}" -gt "$PEAK_KB" ] && PEAK_KB=$kb || true
}

start_adrelay
CLK_TCK=$(getconf CLK_TCK)
python3 - "$N" "$DATA" "$WORK" "$PID" "$CLK_TCK" <<'PY'
import os, sys, time
n, data, work, pid, clk = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])

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

def drops(resource, batch, body, until_dir, until_count):
    inbox = os.path.join(data, "inbox", "apisync", resource)
    deadline = time.time() + 60
    while not os.path.isdir(inbox):
        if time.time() > deadline: sys.exit("no inbox " + inbox)
        time.sleep(0.05)
    stage = os.path.join(work, "stage-" + batch); os.makedirs(stage)
    old = time.time() - 10  # older than the read lock's minimum age: only the route's own pace counts
    for i in range(n):
        f = os.path.join(stage, "%s-%06d.json" % (batch, i))
        with open(f, "w") as out: out.write(body % i)
        os.utime(f, (old, old))
    cpu0, t0 = jvm_cpu_s(), time.time()
    for i in range(n):
        os.rename(os.path.join(stage, "%s-%06d.json" % (batch, i)), os.path.join(inbox, "%s-%06d.json" % (batch, i)))
    # the inbox itself, which empties: listing the growing .error/ (up to 4 entries a file) every 20 ms took a tenth
    # of a core from the JVM measured
    deadline = t0 + 600
    while count(inbox) > 0:
        if time.time() > deadline: sys.exit("drops not done after 600 s: %d left in the inbox" % count(inbox))
        time.sleep(0.02)
    dt = time.time() - t0
    cpu = (jvm_cpu_s() - cpu0) * 1e6 / n
    # and each file went where it should (its move is in the folder once it has left the inbox)
    if count(os.path.join(inbox, until_dir)) < until_count:
        sys.exit("%d files in %s, expected %d" % (count(os.path.join(inbox, until_dir)), until_dir, until_count))
    return n / dt, cpu, rss_mib()

def line(label, drop, before, after):
    rate, cpu, rss = drop
    base = (before + after) / 2
    print("%s %.0f files/s  baseline durable-write-loop %.0f files/s  ratio %.2f   (%d files, %.0f us JVM CPU/file, "
          "RSS %d MiB; loop before %.0f, after %.0f)" % (label, rate, base, rate / base, n, cpu, rss, before, after))

invalid = '{"reference_id": "bench-%d"}'
loops = [baseline("0")]
cold = drops("campaigns", "cold", invalid, ".error", 2 * n)
loops.append(baseline("1"))
warm = drops("campaigns", "warm", invalid, ".error", 4 * n)
loops.append(baseline("2"))
valid = drops("inventory-items", "valid",
              '{"reference_id": "bench-%d", "ad_template_type": "vehicle", "available": true, "content_language": "pt-br"}',
              ".done", n)
loops.append(baseline("3"))
line("drops-invalid", cold, loops[0], loops[1])
line("drops-invalid-warm", warm, loops[1], loops[2])
line("drops-valid-apisync", valid, loops[2], loops[3])
PY
sample_rss
echo "JVM peak RSS $((PEAK_KB / 1024)) MiB"
