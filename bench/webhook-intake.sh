#!/usr/bin/env bash
# Webhook intake: N APISync webhooks posted by C concurrent senders, each acknowledged only once
# fsync'd (the drain is held back so only intake is measured). For scale it also prints the same
# senders' rate when every request is refused at authentication (nothing parsed or stored: the
# client's and the HTTP stack's ceiling), and a bare write + fsync + rename + directory fsync loop.
source "$(dirname "$0")/lib.sh"
N=${1:-2000}
C=${2:-8}
export ADRELAY_FLOWS=apisync APISYNC_DRAIN_PERIOD_MS=3600000 ADRELAY_INTAKE_MAX_PENDING=$((N + 100))
start_adrelay
python3 - "$PORT" "$N" "$C" "$DATA" <<'PY'
import http.client, json, os, sys, threading, time
port, n, c, data = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
body = '{"reference_id": "bench-%d", "ad_template_type": "vehicle", "available": true, "content_language": "pt-br"}'
def send_all(token):
    statuses, lock = {}, threading.Lock()
    def sender(k):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        for i in range(k, n, c):
            conn.request("POST", "/webhooks/apisync/inventory-items", body % i,
                         {"X-Webhook-Token": token, "Content-Type": "application/json"})
            r = conn.getresponse(); r.read()
            with lock: statuses[r.status] = statuses.get(r.status, 0) + 1
    t0 = time.time()
    threads = [threading.Thread(target=sender, args=(k,)) for k in range(c)]
    [t.start() for t in threads]; [t.join() for t in threads]
    return time.time() - t0, statuses
dt, statuses = send_all("not-the-secret")
print("refused at authentication (nothing stored): %d requests, %.2f s, %.0f requests/s, statuses %s" % (n, dt, n / dt, statuses))
dt, statuses = send_all("sandbox-apisync-secret")
print("webhook intake: %d requests, %d senders, %.2f s, %.0f requests/s, statuses %s" % (n, c, dt, n / dt, statuses))
# the floor: what the disk allows for one durable small file, the way adrelay writes it
d = os.path.join(data, "fsync-baseline"); os.makedirs(d)
t0 = time.time()
for i in range(n):
    tmp, dst = os.path.join(d, ".%d.tmp" % i), os.path.join(d, "%d.json" % i)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL); os.write(fd, (body % i).encode()); os.fsync(fd); os.close(fd)
    os.rename(tmp, dst); dfd = os.open(d, os.O_RDONLY); os.fsync(dfd); os.close(dfd)
dt = time.time() - t0
print("bare write+fsync+rename+dir fsync, one writer: %d files, %.2f s, %.0f files/s" % (n, dt, n / dt))
PY
sample_rss
echo "JVM peak RSS $((PEAK_KB / 1024)) MiB"
