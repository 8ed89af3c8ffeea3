#!/usr/bin/env bash
# A bank outage at scale (issue 12): 10,000 broken links with an email contact each, 5 Belvo
# LINK token_required webhooks per link (50,000) from 32 senders, against the app in its own JVM (-Xmx512m,
# local profile, Belvo emulator, mail throttle raised) and an SMTP server in its own process; first
# on H2 (one replica), then on PostgreSQL with two replicas. Writes its section of bench/RESULTS.md.
# Options as system properties, e.g.
#   JAVA_OPTS="-Dbench.databases=h2 -Dbench.links=2000 -Dbench.patience=600" bench/run-burst.sh
# bench.scenario picks issue 25's bank-side scenarios instead (H2, one replica, section burst-SCENARIO):
#   JAVA_OPTS="-Dbench.scenario=outage" bench/run-burst.sh      (or bank-back)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

scenario=$(grep -o 'bench\.scenario=[a-z-]*' <<< "${JAVA_OPTS:-}" | cut -d= -f2 || true)
build_bench package -DskipTests
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
run_bench BurstBench 1g target/burst-table.md target/burst.log

if [ -n "$scenario" ] && [ "$scenario" != burst ]; then
  {
    echo "## Burst: $scenario (issue 25)"
    echo
    echo "Produced by \`bench/run-burst.sh\` with \`${JAVA_OPTS}\` on $(date -u +%Y-%m-%dT%H:%MZ) from commit $(git rev-parse --short HEAD); measured in one run."
    echo
    machine "$load_at_start"
    echo
    cat target/burst-table.md
    echo
    echo "How each figure is made: \`src/test/java/dev/relink/bench/HoldBench.java\` and [\`README.md\`](README.md)."
  } | bench/write-section.sh "burst-$scenario"
  exit 0
fi

{
  echo "## Burst: a bank outage at scale"
  echo
  echo "Produced by \`bench/run-burst.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) from commit $(git rev-parse --short HEAD); one row per setup, measured in one run."
  echo
  machine "$load_at_start"
  echo
  cat target/burst-table.md
  cat <<'EXPLAIN'

How each figure is made (`src/test/java/dev/relink/bench/BurstBench.java`):

- The app is `dev.relink.RelinkApplication` with the emulator beside it (the test classpath, as
  `./mvnw spring-boot:run` runs it; the jar has no emulator) in its own JVM (`-Xmx512m`, local profile: H2 file or PostgreSQL,
  Belvo emulator seeded with 10,000 links in `token_required`, one contact with an email per link
  imported as one CSV), `relink.mail.rate-per-second=100000`, no poll. The SMTP server is GreenMail in
  a JVM of its own (`SmtpSink`), which records when each message arrived.
- **Webhooks**: Belvo's `LINK token_required` webhook, unique `webhook_id` each, five passes over all
  links, from 32 senders that each wait for their answer (closed loop) over loopback keep-alive; with
  two replicas the senders alternate between them as a load balancer would. p50/p99 are the answers'
  latencies; Belvo waits 5 s.
- **Every link has its incident / inbox drained**: sampled every 3 s (`/api/incidents`, the gauge
  `relink.inbox.backlog` of every replica), seconds from the first webhook.
- **First emails**: for each link, when its first email arrived at the SMTP server, counted from the
  first webhook sent. **Duplicates**: recipients with more than one email at the SMTP server; links with
  more than one delivery row or more than one incident in the database afterwards.
- **Heap peak**: the highest `jvm.memory.used{area=heap}` sampled once a second, per replica.
- **Belvo reads**: requests the app made to Belvo (exchanges of route `belvo.request`, every replica),
  and per 100 links.
- **App CPU**: user and system CPU seconds of the app's JVMs during the burst (from `/proc`); the
  load generator, the SMTP server and (on PostgreSQL) the database run in other processes.
  **Machine busy**: all CPUs, every process, during the burst.

The load generator, the SMTP server and the app share the machine's CPUs: a busy machine (see the load
averages; other builds ran at the same time) lowers every rate and stretches every time.
EXPLAIN
} | bench/write-section.sh burst
cat bench/RESULTS.md
