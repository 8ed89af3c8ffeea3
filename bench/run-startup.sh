#!/usr/bin/env bash
# Start to ready: from `java -jar target/relink.jar` (local profile, H2, -Xmx512m) to
# /actuator/health/readiness answering 200 (routes started, database up), on a new data directory
# (first start: schema migrations, demo data) and again on the same one (a restart); then the same
# with the class data sharing archive of the extracted jar (docs/operations.md "Running in production").
# The jar is the product alone: the local profile gives it settings, not the emulator (src/sandbox is
# not in the jar), so its Belvo calls go unanswered, which readiness does not wait for.
# Median of TRIALS (3) each, taking turns. Writes its section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
trials=${TRIALS:-3}
# loopback ports nobody listens on (other apps may run on this machine)
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<> /dev/tcp/127.0.0.1/$p) 2> /dev/null || { echo $p; return; }
  done
}
port=$(free_port)
smtp=$(free_port)

./mvnw -B -q package -DskipTests
# The extracted jar and its archive, as docs/operations.md "Running in production" builds them.
rm -rf target/startup && java -Djarmode=tools -jar target/relink.jar extract --destination target/startup/app > /dev/null
training=$(mktemp -d)
java -Xmx512m -XX:ArchiveClassesAtExit=target/startup/app/relink.jsa -Dspring.context.exit=onRefresh \
  -jar target/startup/app/relink.jar --spring.profiles.active=local --server.port=$port --relink.mail.port=$smtp --relink.data-dir="$training" \
  > target/startup/training.log 2>&1

# ms from launch to ready; arguments: the log file, the data directory, then the JVM options and jar
ready_ms() {
  local log=$1 data=$2; shift 2
  local start=$(date +%s%N)
  java -Xmx512m "$@" --spring.profiles.active=local --server.port=$port --relink.mail.port=$smtp --relink.data-dir="$data" > "$log" 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://localhost:$port/actuator/health/readiness"; do
    kill -0 $pid 2> /dev/null || { tail -30 "$log" >&2; exit 1; }
    sleep 0.05
  done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
  kill $pid; wait $pid 2> /dev/null || true
}

# the median (of an even count, the lower middle value)
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A times
for trial in $(seq "$trials"); do
  for variant in jar cds; do
    data=$(mktemp -d)
    if [ $variant = jar ]; then opts=(-jar target/relink.jar); else opts=(-XX:SharedArchiveFile=target/startup/app/relink.jsa -jar target/startup/app/relink.jar); fi
    times[$variant-first]+="$(ready_ms target/startup/$variant-first.log "$data" "${opts[@]}") "
    times[$variant-restart]+="$(ready_ms target/startup/$variant-restart.log "$data" "${opts[@]}") "
    rm -rf "$data"
  done
done

{
  echo "## Start to ready"
  echo
  echo "Produced by \`bench/run-startup.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) from commit $(git rev-parse --short HEAD); median of $trials trials each (of two: the lower), taking turns."
  echo
  machine "$load_at_start"
  echo
  echo "| start | \`java -jar target/relink.jar\` (ms) | extracted jar with its CDS archive (ms) | ratio |"
  echo "|---|---|---|---|"
  for kind in first restart; do
    jar=$(echo ${times[jar-$kind]} | median); cds=$(echo ${times[cds-$kind]} | median)
    label=$([ $kind = first ] && echo "first (new data directory: migrations, demo data)" || echo "restart (same data directory)")
    echo "| $label | $jar (${times[jar-$kind]% }) | $cds (${times[cds-$kind]% }) | $(awk -v a=$cds -v b=$jar 'BEGIN {printf "%.2f", a / b}') |"
  done
  echo
  echo "Where the last trial's starts went, from their logs (s since the JVM started; Spring's own figure,"
  echo "Flyway's migrations, Camel's start of the routes, which happens after Spring is ready):"
  echo
  echo "| start | Spring context ready | Flyway migrations | Camel routes started in |"
  echo "|---|---|---|---|"
  for run in jar-first jar-restart cds-first cds-restart; do
    log=target/startup/$run.log
    spring=$(grep -o 'process running for [0-9.]*' "$log" | grep -o '[0-9.]*$' || true)
    flyway=$(grep 'Successfully applied' "$log" | grep -o 'execution time [0-9:.]*s' | sed 's/execution time //' || true)
    camel=$(grep -o 'Apache Camel [0-9.]* ([a-z]*) started in [0-9a-z]*' "$log" | sed 's/.*started in //' || true)
    echo "| $run | ${spring:-?} | ${flyway:-none (already migrated)} | ${camel:-?} |"
  done
} | bench/write-section.sh startup
cat bench/RESULTS.md
