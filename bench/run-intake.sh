#!/usr/bin/env bash
# Durable webhook intake vs. raw single-row inserts, on H2 and PostgreSQL, in one run; writes
# bench/RESULTS.md. Loopback only, about a minute per database. Options as system properties, e.g.
#   JAVA_OPTS="-Dbench.seconds=20 -Dbench.concurrency=32 -Dbench.rate=1000" bench/run-intake.sh
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
java ${JAVA_OPTS:-} -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.relink.bench.IntakeBench target/bench-table.md > target/bench.log 2>&1 || { tail -50 target/bench.log; exit 1; }

{
  echo "# Webhook intake benchmark"
  echo
  echo "Produced by \`bench/run-intake.sh\` on $(date -u +%Y-%m-%dT%H:%MZ). Each row: the same database, in the same run."
  echo "Raw = single-row autocommit INSERTs into \`webhook_inbox\` straight through the app's Hikari pool;"
  echo "intake = \`POST /webhooks/belvo\` over loopback HTTP (auth, JSON checks, durable insert, 202), the app"
  echo "intake-only (\`relink.inbox.processing=false\`). Fixed rate = open loop, latency counted from when each"
  echo "request was due."
  echo
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB memory, $(java -version 2>&1 | head -1), load average at start: ${load_at_start}, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  cat target/bench-table.md
} > bench/RESULTS.md
cat bench/RESULTS.md
