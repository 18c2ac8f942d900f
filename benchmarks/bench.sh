#!/usr/bin/env bash
# Runs warp-cache's JMH suites next to their peers and summarizes the ratios.
#
#   benchmarks/bench.sh --quick          # every suite, short iterations: under 5 minutes on 2 cores
#   benchmarks/bench.sh                  # every suite, longer iterations, 1 and 2 threads
#   benchmarks/bench.sh --suites getput,memoize -- -p cache=warp-cache,caffeine
#   benchmarks/bench.sh --quick --threads 2 --timing '-f 3 -wi 2 -w 1s -i 5 -r 1s' --suites ttl
#
# Suites: getput (GetPutBenchmark: read, write, readwrite), memoize (MemoizeHitBenchmark with
# -prof gc), ttl (TtlBenchmark), hitpath (HitPathBenchmark: where the time of a hit goes), shm
# (SharedStoreBenchmark: the shared backend against a raw mapped-memory floor, in one process, and
# SharedHitPathBenchmark, its hit step by step at one thread; then its peers at the same thread
# counts: SharedStoreChronicleBenchmark, a get, getUsing and put of the same keys and value in a
# Chronicle Map persisted under /dev/shm, and SharedStoreRedisBenchmark, a Lettuce GET and SET of
# them on Redis; then one reader beside one writer, and hit and overwrite
# again from two processes at once on one region; not in the default list), redis
# (RedisTierBenchmark with -prof gc: a near cache over Redis on a near hit and on a remote hit, next
# to the memory backend, a bare Lettuce GET, Caffeine in front of Redis and a plain Redis cache,
# then InvalidationLatency: a write here to the listener of a child JVM, written to
# redis-invalidation-2jvm-<date>.txt; not in the default list). For shm and redis the script
# installs redis-server with scripts/redis.sh when missing, starts a throwaway one on 127.0.0.1 and
# a free port, without persistence, in a temporary directory, and stops it and removes the directory
# when the suite is done with it, or the script exits or is interrupted.
# It builds benchmarks/target/benchmarks.jar first when the jar is missing or older than a source
# of benchmarks/, warp-cache/ or warp-cache-redis/ (--rebuild forces it, --no-build skips it).
# Arguments after `--` go to every JMH run as they are; --timing replaces the forks/warmup/
# measurement options of the mode and --threads the thread counts of every suite (space- or
# comma-separated). Writes, for a run started at <date>:
#   benchmarks/results/jmh/<suite>-t<threads>-<date>.json   JMH's JSON (-rf json)
#   benchmarks/results/jmh/<suite>-t<threads>-<date>.log    JMH's console output
#   benchmarks/results/jmh/machine-<date>.txt               nproc, java -version, load, commands
#   benchmarks/results/jmh/summary-<date>.md                the ratios, also printed at the end
#   benchmarks/results/jmh/summary-<date>.svg               a bar chart of the scores (JmhChart)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
self="$here/$(basename "${BASH_SOURCE[0]}")" # before the cd below: usage reads it
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
# Run from the repository root and name results relative to it, so that JMH's logs and the
# machine file do not carry this machine's paths.
cd "$root"
out="benchmarks/results/jmh"

quick=0
build=auto
suites="getput,memoize,ttl,hitpath"
extra=()
timing_override=""
threads_override=""

usage() {
  sed -n '2,/^set -euo/p' "$self" | sed '$d' | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --full) quick=0 ;;
    --suites) suites="$2"; shift ;;
    --suites=*) suites="${1#--suites=}" ;;
    --timing) timing_override="$2"; shift ;;
    --threads) threads_override="${2//,/ }"; shift ;;
    --rebuild) build=yes ;;
    --no-build) build=no ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# The commit, the number of uncommitted files in warp-cache/ and a hash of warp-cache/src/main:
# what the measured core was built from (others may be editing the tree while a run goes on).
source_state() {
  echo "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')," \
    "uncommitted changes in warp-cache/: $(git -C "$root" status --porcelain -- warp-cache \
    2>/dev/null | wc -l | tr -d ' ') file(s), warp-cache/src/main content hash" \
    "$(find "$root/warp-cache/src/main" -type f | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-12)"
}

# ---------------------------------------------------------------- build
if [ "$build" = auto ]; then
  if [ ! -f "$jar" ] || [ -n "$(find "$here/src" "$here/pom.xml" "$root/warp-cache/src/main" \
      "$root/warp-cache-redis/src/main" "$root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    build=yes
  fi
fi
if [ "$build" = yes ]; then
  echo "== building $jar"
  state="$(source_state)" # taken before compiling: the closer to what the compiler reads
  (cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true)
  echo "$state" > "$jar.source"
fi
[ -f "$jar" ] || { echo "bench.sh: $jar is missing (build it or drop --no-build)" >&2; exit 1; }
# Run a private copy: a build started meanwhile (by anyone) must not swap the jar under JMH's forks.
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/warp-bench.XXXXXX")"

# The redis suite's server: its process id and directory while it runs.
redis_pid=""
redis_dir=""
redis_port=""

stop_redis() {
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
    redis_pid=""
  fi
  if [ -n "$redis_dir" ]; then
    rm -rf "$redis_dir"
    redis_dir=""
  fi
}

cleanup() {
  stop_redis
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cp "$jar" "$run_dir/benchmarks.jar"
cp "$jar.source" "$run_dir/benchmarks.jar.source" 2>/dev/null || true
jar="$run_dir/benchmarks.jar"

# ---------------------------------------------------------------- settings
if [ "$quick" = 1 ]; then
  # One fork, 2 s of warmup and 3 s of measurement a configuration: ~6-7 s each with the setup.
  timing=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  getput_threads=(2)
  memo_threads=(1)
  ttl_threads=(2)
  hitpath_threads=(1)
  redis_threads=(1)
else
  timing=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
  getput_threads=(1 2)
  memo_threads=(1 2)
  ttl_threads=(1 2)
  hitpath_threads=(1 2)
  redis_threads=(1 2)
fi

if [ -n "$timing_override" ]; then
  read -r -a timing <<< "$timing_override"
fi
if [ -n "$threads_override" ]; then
  read -r -a getput_threads <<< "$threads_override"
  memo_threads=("${getput_threads[@]}")
  ttl_threads=("${getput_threads[@]}")
  hitpath_threads=("${getput_threads[@]}")
  redis_threads=("${getput_threads[@]}")
fi

date_tag="$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
machine="$out/machine-$date_tag.txt"
{
  echo "date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')"
  echo "mode: $([ "$quick" = 1 ] && echo quick || echo full); JMH timing: ${timing[*]}"
  echo "nproc: $(nproc 2>/dev/null || echo '?')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -h 2>/dev/null | awk '/^Mem:/ {print $2}')"
  echo "kernel: $(uname -sr)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
  if [ -f "$jar.source" ] && [ ! "$jar" -nt "$jar.source" ]; then
    echo "jar built from: $(cat "$jar.source")"
  else # no stamp, or a stale one: the jar was rebuilt since, by something else
    echo "jar built from: unknown (built outside bench.sh)"
  fi
  echo "source tree now: $(source_state)"
  echo "java -version:"
  "$java_bin" -version 2>&1 | sed 's/^/  /'
  echo "commands:"
} > "$machine"

json_files=()
jvm_opts=() # options of the JVM that runs JMH itself

# run <suite-name> <threads> <jmh args...>
run() {
  local name="$1" threads="$2"
  shift 2
  local base="$out/$name-t$threads-$date_tag"
  local cmd=("$java_bin" ${jvm_opts[@]+"${jvm_opts[@]}"} -jar "$jar" "$@" -t "$threads" "${timing[@]}"
    -rf json -rff "$base.json" ${extra[@]+"${extra[@]}"})
  # Shown with the jar's own path (the run uses a private copy of it).
  local shown=("${cmd[@]/#$jar/benchmarks/target/benchmarks.jar}")
  echo
  echo "== $name, $threads thread(s): ${shown[*]}"
  echo "  ${shown[*]}" >> "$machine"
  "${cmd[@]}" 2>&1 | tee "$base.log" | grep -E '^\[setup\]|^\[teardown\]|^# (Benchmark|Parameters):|^Benchmark |^[A-Z][A-Za-z]+Benchmark\.' || true
  if [ -s "$base.json" ]; then
    json_files+=("$base.json")
  else
    echo "bench.sh: $name produced no results (see $base.log)" >&2
  fi
}

# Starts a redis-server of this script's own on 127.0.0.1 and a free port (sets redis_port).
start_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    "$root/scripts/redis.sh" install
  fi
  redis_dir="$(mktemp -d "${TMPDIR:-/tmp}/warp-bench-redis.XXXXXX")"
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 30000))
    if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      continue # something listens there already
    fi
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" \
      --logfile "$redis_dir/redis.log" --daemonize no > "$redis_dir/stdout.log" 2>&1 &
    redis_pid=$!
    for _ in $(seq 100); do
      # Ours, not another server that took the port meanwhile: its process id answers.
      if redis-cli -h 127.0.0.1 -p "$port" info server 2> /dev/null | tr -d '\r' \
          | grep -qx "process_id:$redis_pid"; then
        redis_port=$port
        echo "redis: $(redis-server --version | cut -d' ' -f1-3), on 127.0.0.1:$port" >> "$machine"
        return 0
      fi
      kill -0 "$redis_pid" 2> /dev/null || break # it exited: the port was taken after all
      sleep 0.1
    done
    echo "bench.sh: redis-server did not start on port $port (attempt $attempt):" >&2
    tail -n 5 "$redis_dir/redis.log" >&2 2> /dev/null || true
    kill "$redis_pid" 2> /dev/null || true
    wait "$redis_pid" 2> /dev/null || true
    redis_pid=""
  done
  echo "bench.sh: could not start redis-server" >&2
  exit 1
}

started=$SECONDS
IFS=',' read -r -a suite_list <<< "$suites"
for suite in "${suite_list[@]}"; do
  case "$suite" in
    getput)
      for t in "${getput_threads[@]}"; do
        if [ "$t" = 2 ]; then
          run getput "$t" 'GetPutBenchmark\.(read|write|readwrite)$'
        else
          # readwrite is a group of one reader and one writer: always two threads.
          run getput "$t" 'GetPutBenchmark\.(read|write)$'
        fi
      done
      ;;
    memoize)
      for t in "${memo_threads[@]}"; do run memoize "$t" 'MemoizeHitBenchmark' -prof gc; done
      ;;
    ttl)
      for t in "${ttl_threads[@]}"; do run ttl "$t" 'TtlBenchmark'; done
      ;;
    hitpath)
      for t in "${hitpath_threads[@]}"; do run hitpath "$t" '\.HitPathBenchmark\.'; done
      ;;
    shm)
      for t in "${getput_threads[@]}"; do
        run shm "$t" 'SharedStoreBenchmark\.(hit|overwrite|floorHit)$'
      done
      # Where a shared hit's time goes, step by step, in and out of the CPU caches: one thread.
      run shm-hitpath 1 'SharedHitPathBenchmark'
      # The first peer: Chronicle Map, whose JVM options are in its @Fork (a -jvmArgsAppend after
      # `--` would replace them).
      for t in "${getput_threads[@]}"; do
        run shm-chronicle "$t" 'SharedStoreChronicleBenchmark\.(hit|hitInto|overwrite)$'
      done
      # The other peer: Redis, started only now, so that it is not running beside the shared store.
      start_redis
      for t in "${getput_threads[@]}"; do
        run shm-redis "$t" 'SharedStoreRedisBenchmark\.(hit|overwrite)$' \
          -p redis="redis://127.0.0.1:$redis_port"
      done
      stop_redis
      run shm-group 2 'SharedStoreBenchmark\.readWhileWriting'
      # Two processes, one thread each, on one region: both JVMs run at once (JMH's lock file
      # would stop the second one).
      jvm_opts=(-Djmh.ignoreLock=true)
      for op in hit overwrite; do
        region="bench-2p-$$-$op"
        run "shm-2p-a-$op" 1 "SharedStoreBenchmark\\.$op\$" -p region="$region" > /dev/null &
        sleep 1
        run "shm-2p-b-$op" 1 "SharedStoreBenchmark\\.$op\$" -p region="$region"
        wait
        # The first process ran in a subshell: its file is added here, for the summary's sum.
        if [ -s "$out/shm-2p-a-$op-t1-$date_tag.json" ]; then
          json_files+=("$out/shm-2p-a-$op-t1-$date_tag.json")
        fi
        rm -f "/dev/shm/warp-bench-$(id -un)/$region.region" "/dev/shm/warp-bench-$(id -un)/$region.lock"
      done
      rmdir "/dev/shm/warp-bench-$(id -un)" 2>/dev/null || true # the last run out leaves it empty
      jvm_opts=()
      ;;
    redis)
      start_redis
      for t in "${redis_threads[@]}"; do
        run redis "$t" 'RedisTierBenchmark\.(nearHit|remoteHit)$' -prof gc \
          -p redis="redis://127.0.0.1:$redis_port"
      done
      # Invalidation latency between two JVMs: a writer here, a listener in a child JVM.
      latency="$out/redis-invalidation-2jvm-$date_tag.txt"
      echo
      echo "== redis, invalidation latency between two JVMs"
      echo "  $java_bin -cp benchmarks/target/benchmarks.jar" \
        "dev.warpcache.benchmarks.InvalidationLatency redis://127.0.0.1:<port>" >> "$machine"
      "$java_bin" -cp "$jar" dev.warpcache.benchmarks.InvalidationLatency \
        "redis://127.0.0.1:$redis_port" 2>/dev/null | tee "$latency" || true
      stop_redis
      ;;
    *) echo "bench.sh: unknown suite $suite (getput, memoize, ttl, hitpath, shm, redis)" >&2; exit 2 ;;
  esac
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" >> "$machine"
echo "duration: $((SECONDS - started)) s" >> "$machine"

# ---------------------------------------------------------------- summary
summary="$out/summary-$date_tag.md"
if [ ${#json_files[@]} -gt 0 ]; then
  {
    echo "# JMH summary, $date_tag ($([ "$quick" = 1 ] && echo quick || echo full) mode)"
    echo
    echo "Machine and commands: \`$(basename "$machine")\`. Ratios are speed ratios (above 1: the"
    echo "row's peer is faster than the column's); for time per call (avgt) that is the inverse of"
    echo "the time ratio. Statistics: warp-cache's always on; Caffeine's and Guava's off (default)."
    "$java_bin" -cp "$jar" dev.warpcache.benchmarks.JmhSummary "${json_files[@]}"
  } > "$summary"
  chart="$out/summary-$date_tag.svg"
  if ! "$java_bin" -cp "$jar" dev.warpcache.benchmarks.JmhChart "$chart" "${json_files[@]}"; then
    echo "bench.sh: no chart drawn" >&2
    chart=""
  fi
  echo
  echo "================================================================ summary"
  cat "$summary"
  echo
  echo "Results in $out: $(basename "$summary"),${chart:+ $(basename "$chart"),} $(basename "$machine"), and per suite *-$date_tag.json/.log"
fi
echo "Took $((SECONDS - started)) s."
