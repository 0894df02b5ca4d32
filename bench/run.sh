#!/usr/bin/env bash
# Macro benchmark of the gateway (issue 6): one run, this machine, side by side.
#
#   bench/run.sh            full run (about 13 minutes)
#   bench/run.sh --quick    short phases, no GC/logging/OTLP variants (about 3 minutes)
#   bench/run.sh --soak     only the soak: the gateway at 256 connections for SOAK_SECONDS (default 300), its RSS
#                           sampled every 10 s (about 6 minutes)
#   options: --out DIR (default bench/results/<timestamp>), --no-publish (reuse the last published gateway)
#   env: GW_CORE (default 0), LOAD_CORE (default 1)
#
# Targets, each measured with the same 1 KB chat request (bench/harness/chat-1k.json) and wrk (bench/harness/wrk.lua):
#   direct   wrk -> nginx serving a canned chat.completion (the upstream; cheap, fixed body)
#   nginx    wrk -> nginx as a plain reverse proxy (HTTP/1.1 keep-alive upstream) -> upstream   (the floor)
#   gateway  wrk -> published gateway (Release): POST /v1/chat/completions parsed, classified, rewritten -> upstream
#   gateway-models  the same gateway, GET /v1/models: plain YARP passthrough
#   floor    wrk -> bench/YarpFloor: bare Kestrel + YARP forwarding everything, no middleware, logging or telemetry
#            (what the gateway is built on: the least any gateway on this stack can cost)
# The proxy under test (nginx proxy or gateway) runs alone on GW_CORE; wrk and the upstream share LOAD_CORE.
# Per target: requests/s at saturation (64 connections), CPU us/request of the proxy process (utime+stime from
# /proc/<pid>/stat over the saturation run; the median of SAT_REPS runs, all of them recorded), peak RSS (VmHWM) after
# a 256-connection run, p50/p99 latency at a paced ~500 req/s (10 connections, 20 ms think time each: wrk's delay()
# hook; wrk has no -R and wrk2 is not in Debian).
# Variants (full run only): the gateway with Information logs off (Logging__LogLevel__Default=Warning), with server
# GC (DOTNET_gcServer=1), with non-concurrent GC (DOTNET_gcConcurrent=0), and with traces, metrics and logs exported
# by OTLP/HTTP (to the upstream nginx, which answers 200 to each export), all spans or one trace in ten.
# Streaming: the simulator (src/Simulator) with a token delay, direct and through the gateway: time to first chunk,
# and the spread of chunk arrivals (a proxy that held chunks back would deliver them together).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
QUICK=0
SOAK=0
SOAK_SECONDS=${SOAK_SECONDS:-300}
PUBLISH=1
OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --no-publish) PUBLISH=0 ;;
    --soak) SOAK=1 ;;
    --out) OUT="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

GW_CORE=${GW_CORE:-0}
LOAD_CORE=${LOAD_CORE:-1}
if [[ $QUICK == 1 ]]; then
  WARM=1; GW_WARM=8; SAT=3; SAT_REPS=1; WIDE=3; PACED=5; STREAM_REQUESTS=8; VARIANTS=0
else
  WARM=3; GW_WARM=15; SAT=8; SAT_REPS=3; WIDE=8; PACED=15; STREAM_REQUESTS=20; VARIANTS=1
fi
# A fresh gateway runs at a fraction of its steady throughput for its first seconds (tiered JIT, thread pool
# ramp-up): GW_WARM seconds of load first, recorded separately as warm_rps.
SAT_CONN=64; WIDE_CONN=256; PACED_CONN=10; PACED_DELAY_MS=20   # 10 x 1000/20 = 500 req/s (minus latency)
STREAM_TOKENS=16; STREAM_DELAY_MS=20

P_UP=18081; P_NGINX=18082; P_GW=18080; P_SIM=18000; P_FLOOR=18083
OUT=${OUT:-$REPO/bench/results/$(date +%Y%m%d-%H%M%S)}
WORK=$OUT/work
mkdir -p "$WORK"
RESULTS=$OUT/results.txt
: > "$RESULTS"
BODY=$REPO/bench/harness/chat-1k.json
LUA=$REPO/bench/harness/wrk.lua
CLK_TCK=$(getconf CLK_TCK)

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# ---------------------------------------------------------------- processes we start, and only those
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT
stop() { # stop one process we started, by pid
  kill "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

wait_http() { # url, timeout seconds
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    (( SECONDS < deadline )) || { echo "timed out waiting for $1" >&2; return 1; }
    sleep 0.2
  done
}

# ---------------------------------------------------------------- tools
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || need+=(nginx-light)
command -v taskset >/dev/null || need+=(util-linux)
command -v curl >/dev/null || need+=(curl)
if [[ ${#need[@]} -gt 0 ]]; then
  log "installing ${need[*]}"
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
  timeout 300 $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 300 $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# ---------------------------------------------------------------- builds
if [[ $PUBLISH == 1 || ! -x $REPO/bench/results/.publish/gateway/Gateway ]]; then
  log "publishing gateway, simulator and stream probe (Release)"
  timeout 300 dotnet publish "$REPO/src/Gateway" -c Release -o "$REPO/bench/results/.publish/gateway" -nologo -v q >/dev/null
  timeout 300 dotnet publish "$REPO/src/Simulator" -c Release -o "$REPO/bench/results/.publish/simulator" -nologo -v q >/dev/null
  timeout 300 dotnet publish "$REPO/bench/StreamProbe" -c Release -o "$REPO/bench/results/.publish/probe" -nologo -v q >/dev/null
  timeout 300 dotnet publish "$REPO/bench/YarpFloor" -c Release -o "$REPO/bench/results/.publish/floor" -nologo -v q >/dev/null
fi
FLOOR_BIN=$REPO/bench/results/.publish/floor/YarpFloor
GW_BIN=$REPO/bench/results/.publish/gateway/Gateway
SIM_DLL=$REPO/bench/results/.publish/simulator/Gateway.Simulator.dll
[[ -f $SIM_DLL ]] || SIM_DLL=$(ls "$REPO"/bench/results/.publish/simulator/*Simulator*.dll | head -1)
PROBE_DLL=$REPO/bench/results/.publish/probe/StreamProbe.dll

# ---------------------------------------------------------------- nginx: upstream (static) and plain reverse proxy
CHAT_JSON='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"Qwen/Qwen2.5-7B-Instruct","choices":[{"index":0,"message":{"role":"assistant","content":"Check the database replication lag first, then DNS TTLs, then the load balancer health checks."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":212,"completion_tokens":21,"total_tokens":233}}'
MODELS_JSON='{"object":"list","data":[{"id":"Qwen/Qwen2.5-7B-Instruct","object":"model","created":1700000000,"owned_by":"vllm","max_model_len":32768}]}'

nginx_conf() { # name, body of http{}
  mkdir -p "$WORK/$1/tmp"
  cat > "$WORK/$1/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/$1/nginx.pid;
error_log $WORK/$1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $WORK/$1/tmp/body;
  proxy_temp_path $WORK/$1/tmp/proxy;
  fastcgi_temp_path $WORK/$1/tmp/fastcgi;
  uwsgi_temp_path $WORK/$1/tmp/uwsgi;
  scgi_temp_path $WORK/$1/tmp/scgi;
$2
}
EOF
}

nginx_conf upstream "
  server {
    listen 127.0.0.1:$P_UP;
    client_body_buffer_size 64k;
    default_type application/json;
    location = /v1/chat/completions { return 200 '$CHAT_JSON'; }
    location = /v1/completions { return 200 '$CHAT_JSON'; }
    location = /v1/models { return 200 '$MODELS_JSON'; }
    location = /health { return 200 ''; }
    location = /nginx_status { stub_status; }
    location ~ ^/v1/(traces|metrics|logs)$ { return 200 ''; }
  }"

nginx_conf proxy "
  upstream vllm { server 127.0.0.1:$P_UP; keepalive 128; }
  server {
    listen 127.0.0.1:$P_NGINX;
    client_body_buffer_size 64k;
    location / {
      proxy_pass http://vllm;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }"

start_nginx() { # name, core -> echoes master pid
  taskset -c "$2" nginx -p "$WORK/$1" -c "$WORK/$1/nginx.conf" -g 'daemon off; master_process on;' >"$WORK/$1/stdout.log" 2>&1 &
  echo $!
}
worker_of() { # nginx master pid -> worker pid
  local w=""
  for _ in $(seq 50); do w=$(pgrep -P "$1" | head -1 || true); [[ -n $w ]] && break; sleep 0.1; done
  echo "$w"
}

# ---------------------------------------------------------------- measurement helpers
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hwm_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
upstream_status() { curl -fsS "http://127.0.0.1:$P_UP/nginx_status" | awk 'NR==3 {print $1, $3}'; } # accepts requests

wrk_run() { # url, connections, seconds, delay_ms, body(0/1) -> RESULT line
  local body_env=""
  [[ $5 == 1 ]] && body_env=$BODY
  BENCH_BODY=$body_env BENCH_DELAY_MS=$4 timeout $(( $3 + 20 )) \
    taskset -c "$LOAD_CORE" wrk -t1 -c"$2" -d"$3"s --timeout 5s -s "$LUA" "$1" | grep '^RESULT' | sed 's/^RESULT //'
}
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }

record() { echo "$1 $2" >> "$RESULTS"; log "$1 $2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# measure name url body(0/1) pid [paced] [warm seconds]: warm-up, then saturation rps + CPU/request,
# 256-connection peak RSS, paced latency
measure() {
  local name=$1 url=$2 body=$3 pid=$4 paced=${5:-1} warm=${6:-$WARM}
  local before_ticks up_before up_after r
  up_before=$(upstream_status)
  r=$(wrk_run "$url" "$SAT_CONN" "$warm" 0 "$body")
  record "$name" "warm_rps=$(awk -v r="$(field "$r" requests)" -v d="$(field "$r" duration_us)" 'BEGIN {printf "%.0f", r / (d / 1e6)}') warm_s=$warm"
  # Saturation SAT_REPS times: this machine's noise is about +-15 % run to run; the median is reported.
  local cpus=() rpss=() ticks req dur rps cpu last=""
  for _ in $(seq "$SAT_REPS"); do
    before_ticks=$(cpu_ticks "$pid")
    r=$(wrk_run "$url" "$SAT_CONN" "$SAT" 0 "$body")
    ticks=$(( $(cpu_ticks "$pid") - before_ticks ))
    req=$(field "$r" requests); dur=$(field "$r" duration_us)
    rpss+=("$(awk -v r="$req" -v d="$dur" 'BEGIN {printf "%.0f", r / (d / 1e6)}')")
    cpus+=("$(awk -v t="$ticks" -v r="$req" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", t * 1e6 / hz / r}')")
    last=$r
  done
  r=$last
  up_after=$(upstream_status)
  rps=$(median "${rpss[@]}"); cpu=$(median "${cpus[@]}")
  # connections the upstream accepted during the runs, and requests it served
  local acc=$(( ${up_after% *} - ${up_before% *} )) ureq=$(( ${up_after#* } - ${up_before#* } - 1 ))
  record "$name" "rps=$rps cpu_us_per_req=$cpu cpu_runs=$(IFS=,; echo "${cpus[*]}") rps_runs=$(IFS=,; echo "${rpss[*]}") sat_p50_us=$(field "$r" p50_us) sat_p99_us=$(field "$r" p99_us) errors=$(field "$r" errors) non2xx=$(field "$r" non2xx) upstream_conns=$acc upstream_reqs=$ureq"
  r=$(wrk_run "$url" "$WIDE_CONN" "$WIDE" 0 "$body")
  record "$name" "wide_rps=$(awk -v r="$(field "$r" requests)" -v d="$(field "$r" duration_us)" 'BEGIN {printf "%.0f", r / (d / 1e6)}') wide_errors=$(field "$r" errors) peak_rss_mb=$(awk -v k="$(hwm_kb "$pid")" 'BEGIN {printf "%.1f", k / 1024}')"
  if [[ $paced == 1 ]]; then
    r=$(wrk_run "$url" "$PACED_CONN" "$PACED" "$PACED_DELAY_MS" "$body")
    record "$name" "paced_rps=$(awk -v r="$(field "$r" requests)" -v d="$(field "$r" duration_us)" 'BEGIN {printf "%.0f", r / (d / 1e6)}') paced_p50_us=$(field "$r" p50_us) paced_p90_us=$(field "$r" p90_us) paced_p99_us=$(field "$r" p99_us) paced_p999_us=$(field "$r" p999_us)"
  fi
}

start_gateway() { # upstream port, then env assignments -> echoes pid
  local port=$1; shift
  # DOTNET_TC_CallCountingDelayMs=0 as the shipped image sets it (deploy/gateway.Dockerfile).
  env ASPNETCORE_ENVIRONMENT=Production DOTNET_TC_CallCountingDelayMs=0 "$@" taskset -c "$GW_CORE" "$GW_BIN" \
    --config-file "$REPO/appsettings.json" --urls "http://127.0.0.1:$P_GW" \
    "--ReverseProxy:Clusters:vllm:Destinations:primary:Address=http://127.0.0.1:$port/" \
    >"$WORK/gateway-$port.log" 2>&1 &
  echo $!
}

# ---------------------------------------------------------------- run
{
  echo "date: $(date)"
  echo "nproc: $(nproc)  cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "kernel: $(uname -r)  dotnet: $(dotnet --version)  nginx: $(nginx -v 2>&1 | cut -d/ -f2)  wrk: $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
  echo "commit: $(git -C "$REPO" rev-parse --short HEAD)$([[ -n $(git -C "$REPO" status --porcelain -- src) ]] && echo ' + uncommitted changes in src/')  mode: $([[ $SOAK == 1 ]] && echo soak || { [[ $QUICK == 1 ]] && echo quick || echo full; })  gateway core: $GW_CORE  load+upstream core: $LOAD_CORE"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
} | tee "$OUT/machine.txt" >&2

UP=$(start_nginx upstream "$LOAD_CORE"); PIDS+=("$UP")
wait_http "http://127.0.0.1:$P_UP/health" 10
UPW=$(worker_of "$UP")

if [[ $SOAK == 1 ]]; then
  log "soak: gateway on core $GW_CORE, $WIDE_CONN connections for $SOAK_SECONDS s, RSS every 10 s"
  GW=$(start_gateway "$P_UP"); PIDS+=("$GW")
  wait_http "http://127.0.0.1:$P_GW/healthz" 60
  wrk_run "http://127.0.0.1:$P_GW/v1/chat/completions" "$SAT_CONN" "$GW_WARM" 0 1 >/dev/null
  wrk_run "http://127.0.0.1:$P_GW/v1/chat/completions" "$WIDE_CONN" "$SOAK_SECONDS" 0 1 > "$WORK/soak-wrk.txt" &
  LOAD=$!
  echo "seconds,rss_mb" > "$OUT/soak.csv"
  for ((t = 10; t <= SOAK_SECONDS; t += 10)); do
    sleep 10
    echo "$t,$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$GW/status")" >> "$OUT/soak.csv"
  done
  wait "$LOAD"
  r=$(cat "$WORK/soak-wrk.txt")
  stop "$GW"
  # Flat means no growth once warm: the least-squares slope of RSS from 60 s on, beside the first and last values.
  awk -F, -v req="$(field "$r" requests)" -v err="$(field "$r" errors)" -v non2xx="$(field "$r" non2xx)" '
    NR == 1 { next }
    { t[NR] = $1; v[NR] = $2; if ($2 > max) max = $2; n = NR }
    END {
      first = 0; for (i = 2; i <= n; i++) if (t[i] >= 60) { first = i; break }
      sx = sy = sxx = sxy = m = 0
      for (i = first; i <= n; i++) { m++; sx += t[i]; sy += v[i]; sxx += t[i] * t[i]; sxy += t[i] * v[i] }
      slope = (m * sxy - sx * sy) / (m * sxx - sx * sx) * 60
      printf "soak: %d requests, %d errors, %d non-2xx; RSS at 60 s %.1f MB, at the end %.1f MB, max %.1f MB, slope from 60 s on %+.2f MB/min\n", req, err, non2xx, v[first], v[n], max, slope
    }' "$OUT/soak.csv" | tee "$OUT/summary.md"
  stop "$UP"
  log "results in $OUT"
  exit 0
fi

log "direct (upstream nginx, canned body)"
measure direct "http://127.0.0.1:$P_UP/v1/chat/completions" 1 "$UPW"

log "nginx reverse proxy on core $GW_CORE"
PX=$(start_nginx proxy "$GW_CORE"); PIDS+=("$PX")
wait_http "http://127.0.0.1:$P_NGINX/health" 10
measure nginx "http://127.0.0.1:$P_NGINX/v1/chat/completions" 1 "$(worker_of "$PX")"
measure nginx-models "http://127.0.0.1:$P_NGINX/v1/models" 0 "$(worker_of "$PX")" 0
stop "$PX"

log "YARP floor on core $GW_CORE (bench/YarpFloor: Kestrel + YARP only)"
env DOTNET_TC_CallCountingDelayMs=0 taskset -c "$GW_CORE" "$FLOOR_BIN" --urls "http://127.0.0.1:$P_FLOOR" --upstream "http://127.0.0.1:$P_UP/" \
  >"$WORK/floor.log" 2>&1 &
FL=$!; PIDS+=("$FL")
wait_http "http://127.0.0.1:$P_FLOOR/health" 60
measure floor "http://127.0.0.1:$P_FLOOR/v1/chat/completions" 1 "$FL"
stop "$FL"

log "gateway on core $GW_CORE (as shipped: workstation concurrent GC, Information logs to stdout, no trace export)"
GW=$(start_gateway "$P_UP"); PIDS+=("$GW")
wait_http "http://127.0.0.1:$P_GW/healthz" 60
curl -fsS -o /dev/null -D "$WORK/gateway-headers.txt" -H 'Content-Type: application/json' --data-binary @"$BODY" "http://127.0.0.1:$P_GW/v1/chat/completions"
grep -i '^x-gateway' "$WORK/gateway-headers.txt" >&2 || true
measure gateway "http://127.0.0.1:$P_GW/v1/chat/completions" 1 "$GW" 1 "$GW_WARM"
measure gateway-models "http://127.0.0.1:$P_GW/v1/models" 0 "$GW"
stop "$GW"

if [[ $VARIANTS == 1 ]]; then
  for variant in "gateway-logwarn Logging__LogLevel__Default=Warning" \
                 "gateway-gcserver DOTNET_gcServer=1" \
                 "gateway-gcnonconcurrent DOTNET_gcConcurrent=0" \
                 "gateway-otlp OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$P_UP OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf" \
                 "gateway-otlp-sampled OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$P_UP OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1"; do
    read -r name envs <<<"$variant"
    log "$name ($envs)"
    # shellcheck disable=SC2086
    GW=$(start_gateway "$P_UP" $envs); PIDS+=("$GW")
    wait_http "http://127.0.0.1:$P_GW/healthz" 60
    measure "$name" "http://127.0.0.1:$P_GW/v1/chat/completions" 1 "$GW" 1 "$GW_WARM"
    stop "$GW"
  done
fi
stop "$UP"

log "streaming: simulator (token delay ${STREAM_DELAY_MS} ms, $STREAM_TOKENS tokens) direct vs through the gateway"
ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning taskset -c "$LOAD_CORE" \
  dotnet "$SIM_DLL" --urls "http://127.0.0.1:$P_SIM" >"$WORK/simulator.log" 2>&1 &
SIM=$!; PIDS+=("$SIM")
wait_http "http://127.0.0.1:$P_SIM/health" 60
GW=$(start_gateway "$P_SIM"); PIDS+=("$GW")
wait_http "http://127.0.0.1:$P_GW/healthz" 60
wrk_run "http://127.0.0.1:$P_GW/v1/chat/completions" 8 "$GW_WARM" 0 1 >/dev/null # warm the gateway (non-streaming)
for round in 1 2; do # interleaved, so drift on the machine hits both alike
  for target in "stream-direct http://127.0.0.1:$P_SIM/v1/chat/completions" "stream-gateway http://127.0.0.1:$P_GW/v1/chat/completions"; do
    read -r name url <<<"$target"
    line=$(timeout 120 taskset -c "$LOAD_CORE" dotnet "$PROBE_DLL" "$url" $((STREAM_REQUESTS / 2)) "$STREAM_TOKENS" "$STREAM_DELAY_MS" "$name")
    record "$name.$round" "${line#* }"
  done
done
stop "$GW"; stop "$SIM"

# ---------------------------------------------------------------- summary
get() { grep "^$1 " "$RESULTS" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {v = $2} END {print v}'; }
stream_avg() { # metric over both rounds
  awk -v a="$(get "$1.1" "$2")" -v b="$(get "$1.2" "$2")" 'BEGIN {printf "%.3f", (a + b) / 2}'
}
{
  echo
  echo "| target | req/s (64 conn) | CPU µs/req | p50 / p99 at ~500 req/s (µs) | peak RSS MB (256 conn) | upstream conns opened (warm-up + saturation) |"
  echo "|---|---|---|---|---|---|"
  for t in direct nginx nginx-models floor gateway gateway-models gateway-logwarn gateway-gcserver gateway-gcnonconcurrent gateway-otlp gateway-otlp-sampled; do
    grep -q "^$t " "$RESULTS" || continue
    paced="-"; [[ -n $(get "$t" paced_p50_us) ]] && paced="$(get "$t" paced_p50_us) / $(get "$t" paced_p99_us) ($(get "$t" paced_rps) req/s)"
    echo "| $t | $(get "$t" rps) | $(get "$t" cpu_us_per_req) | $paced | $(get "$t" peak_rss_mb) | $(get "$t" upstream_conns) for $(get "$t" upstream_reqs) req |"
  done
  echo
  awk -v g="$(get gateway cpu_us_per_req)" -v n="$(get nginx cpu_us_per_req)" 'BEGIN {printf "gateway/nginx CPU per request: %.2fx (target <= 2.5x)\n", g / n}'
  awk -v f="$(get floor cpu_us_per_req)" -v n="$(get nginx cpu_us_per_req)" -v g="$(get gateway cpu_us_per_req)" \
    'BEGIN {printf "floor/nginx CPU per request: %.2fx   gateway/floor: %.2fx\n", f / n, g / f}'
  awk -v g="$(get gateway rps)" -v n="$(get nginx rps)" -v d="$(get direct rps)" 'BEGIN {printf "gateway/nginx req/s: %.2f   gateway/direct req/s: %.2f\n", g / n, g / d}'
  awk -v g="$(get gateway paced_p99_us)" -v d="$(get direct paced_p99_us)" -v n="$(get nginx paced_p99_us)" \
    'BEGIN {printf "added p99 at ~500 req/s: gateway %+d us, nginx %+d us (target gateway <= 1000 us)\n", g - d, n - d}'
  awk -v f="$(get floor paced_p99_us)" -v d="$(get direct paced_p99_us)" -v f50="$(get floor paced_p50_us)" -v d50="$(get direct paced_p50_us)" \
    'BEGIN {printf "added at ~500 req/s by the YARP floor: p50 %+d us, p99 %+d us\n", f50 - d50, f - d}'
  awk -v g="$(get gateway paced_p50_us)" -v d="$(get direct paced_p50_us)" -v n="$(get nginx paced_p50_us)" \
    'BEGIN {printf "added p50 at ~500 req/s: gateway %+d us, nginx %+d us\n", g - d, n - d}'
  echo "gateway just after start (first ${GW_WARM} s of load): $(get gateway warm_rps) req/s, then $(get gateway rps) req/s"
  echo "peak RSS gateway at $WIDE_CONN connections: $(get gateway peak_rss_mb) MB (target <= 150 MB)"
  sd=$(stream_avg stream-direct ttft_p50_ms); sg=$(stream_avg stream-gateway ttft_p50_ms)
  awk -v g="$sg" -v d="$sd" 'BEGIN {printf "streaming TTFT p50: direct %.3f ms, gateway %.3f ms, added %.3f ms (target <= 1 ms)\n", d, g, g - d}'
  echo "drip: events per answer direct $(get stream-direct.1 events) / gateway $(get stream-gateway.1 events); spread first->last chunk p50 direct $(stream_avg stream-direct spread_p50_ms) ms / gateway $(stream_avg stream-gateway spread_p50_ms) ms; largest gap p50 direct $(stream_avg stream-direct max_gap_p50_ms) ms / gateway $(stream_avg stream-gateway max_gap_p50_ms) ms"
} | tee "$OUT/summary.md"
log "results in $OUT"
