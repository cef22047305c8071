-- wrk script of the benchmark (bench/runner.py sets the environment):
--   BENCH_METHOD   GET or POST
--   BENCH_HEADERS  file with one "Name: value" header per line
--   BENCH_BODIES   optional file with one request body per line; requests cycle through them
-- At the end it prints one JSON line: requests, duration (µs), latency p50/p99 (µs) and error counts.

local function lines(path)
  local result = {}
  if path and path ~= "" then
    for line in io.lines(path) do
      if line ~= "" then result[#result + 1] = line end
    end
  end
  return result
end

wrk.method = os.getenv("BENCH_METHOD") or "GET"
for _, line in ipairs(lines(os.getenv("BENCH_HEADERS"))) do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  wrk.headers[name] = value
end

local bodies = lines(os.getenv("BENCH_BODIES"))
local prepared = {}
local next_body = 0

-- Requests with bodies are formatted once per thread, before the load: formatting one per request in Lua costs
-- wrk more CPU than the server spends on a fast endpoint, and on a small machine wrk shares the cores with it.
init = function(args)
  for i, body in ipairs(bodies) do prepared[i] = wrk.format(nil, nil, nil, body) end
end

if #bodies > 0 then
  request = function()
    next_body = next_body % #prepared + 1
    return prepared[next_body]
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
