-- `wrk --latency` prints the 50th, 75th, 90th and 99th percentiles; bench/load.py wants the 95th.
done = function(summary, latency, requests)
  io.write(string.format("p95 %d us\n", latency:percentile(95)))
end
