-- wrk script for bench/run.sh.
--   BENCH_BODY      file whose content is POSTed as application/json (unset: GET)
--   BENCH_DELAY_MS  think time per connection between requests, for a paced load: with C connections the rate
--                   is about C * 1000 / (delay + latency) requests/s (wrk has no -R; wrk2 is not in Debian)
-- done() prints one machine-readable RESULT line.
local body_file = os.getenv("BENCH_BODY")
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0") or 0

if body_file ~= nil and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d errors=%d non2xx=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
