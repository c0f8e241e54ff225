-- wrk script of bench/cluster-intake.sh: Statlas events (stored, not acted on) spread over the nodes of a cluster.
-- NODE_PORTS="p1,p2,...": thread i posts to the node i mod n on 127.0.0.1 (each thread keeps its connections on one
-- node); BATCH_PREFIX makes the batch ids unique per run; each thread counts its 202s, and done() prints their sum
-- as "accepted <n>" (the acknowledged requests, against which the stored rows are counted).
local ports = {}
for port in string.gmatch(os.getenv("NODE_PORTS") or "", "%d+") do ports[#ports + 1] = port end
assert(#ports > 0, "NODE_PORTS names no port")
local threads = {}

function setup(thread)
  local index = #threads + 1
  thread.addr = wrk.lookup("127.0.0.1", ports[(index - 1) % #ports + 1])[1]
  thread:set("index", index)
  threads[index] = thread
end

function init(args)
  prefix = (os.getenv("BATCH_PREFIX") or "B") .. index .. "-"
  n = 0
  accepted = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Webhook-Token"] = os.getenv("WEBHOOK_TOKEN")
end

request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"event":"batch.noted","data":{"batch_id":"' .. prefix .. n .. '","shop":"bench"}}')
end

function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("accepted") end
  io.write(string.format("accepted %d\n", total))
end
