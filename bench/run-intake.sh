#!/usr/bin/env bash
# Durable webhook intake vs. raw single-row inserts, on H2 and PostgreSQL, in one run; writes
# its section of bench/RESULTS.md. Loopback only, about two and a half minutes per database. Options as system properties, e.g.
#   JAVA_OPTS="-Dbench.seconds=20 -Dbench.concurrency=32 -Dbench.rate=1000 -Dbench.warmup=30" bench/run-intake.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

build_bench test-compile
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
run_bench IntakeBench 2g target/bench-table.md target/bench.log

{
  echo "## Webhook intake benchmark"
  echo
  echo "Produced by \`bench/run-intake.sh\` on $(date -u +%Y-%m-%dT%H:%MZ); each row is one database, measured in one run."
  echo
  machine "$load_at_start"
  echo
  cat target/bench-table.md
  cat <<'EXPLAIN'

How each figure is made (`src/test/java/dev/relink/bench/IntakeBench.java`):

- **raw insert**: single-row autocommit `INSERT`s into `webhook_inbox` (the same columns and payload as
  a webhook) straight through the app's Hikari pool, from 1 connection and from N; each row its own
  durable commit. *Best raw* is the higher of the two: the baseline the target is measured against.
- **intake**: `POST /webhooks/belvo` over loopback HTTP/1.1 keep-alive from N senders that each wait
  for their answer (closed loop): Authorization check, JSON checks, durable insert (group commit), 202.
  The app runs intake-only (`relink.inbox.processing=false`). *Webhooks per commit* is the mean number
  of deliveries that shared one transaction in that run.
- **fixed rate**: the same requests on a fixed schedule whether or not earlier ones were answered (open
  loop); each latency counts from when its request was due, so queueing is not hidden.
- **CPU ms**: process CPU time per insert or webhook. For the intake it is split into the app's share
  (process CPU less the load generator's threads) and the load generator's; on H2 the app's share
  includes the database, on PostgreSQL the database runs in its own processes and is not counted.
- Both sides are measured warm (10 s of raw inserts, 30 s of intake first): JIT compilation of the web
  stack takes tens of seconds on two cores, and a server runs for days.
- Raw and intake trials take turns (three of each by default) and the table shows their medians, so a
  noisy moment of the machine hits both sides. The table grows as the run goes on: on H2 a single-row
  commit slows as the database file grows (each commit writes its changed pages as a new chunk), while
  the intake, several webhooks per commit, slows less; that is why H2's intake can pass its raw rate.
  Each intake trial is compared with raw inserts into a table of about the same size.
- **Targets** (issue "Detect every link…"): intake at least half the best raw rate; p99 under 50 ms at
  the fixed rate; no errors.

The load generator shares the machine's CPUs with the app, so rates are compared as ratios within a
run; a busy machine (see the load averages) lowers every figure. History and profiles: `bench/README.md`.
EXPLAIN
} | bench/write-section.sh intake
cat bench/RESULTS.md
