#!/usr/bin/env bash
# A bank outage at scale (issue 12): 10,000 broken links with an email contact each, 5 Belvo
# LINK token_required webhooks per link (50,000) from 32 senders, against the app in its own JVM (-Xmx512m,
# local profile, Belvo emulator, mail throttle raised) and an SMTP server in its own process; first
# on H2 (one replica), then on PostgreSQL with two replicas. Writes its section of bench/RESULTS.md.
# Options as system properties, e.g.
#   JAVA_OPTS="-Dbench.databases=h2 -Dbench.links=2000 -Dbench.patience=600" bench/run-burst.sh
# With --remote-smtp the SMTP server answers like a provider across the internet (40 ms a reply, 120 ms
# to open a connection) and the run writes a section of its own:
#   JAVA_OPTS="-Dbench.databases=h2" bench/run-burst.sh --remote-smtp
# bench.scenario picks issue 25's bank-side scenarios instead (PostgreSQL, one replica, section burst-SCENARIO):
#   JAVA_OPTS="-Dbench.scenario=outage" bench/run-burst.sh      (or bank-back, ordinary-day)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

section=burst
title="Burst: a bank outage at scale"
if [[ "${1:-}" == "--remote-smtp" ]]; then
  export JAVA_OPTS="${JAVA_OPTS:-} -Dbench.smtp=remote"
  section=burst-remote-smtp
  title="Burst with the SMTP server across the internet"
fi

scenario=$(grep -o 'bench\.scenario=[a-z-]*' <<< "${JAVA_OPTS:-}" | cut -d= -f2 || true)
build_bench package -DskipTests
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
run_bench BurstBench 1g target/$section-table.md target/$section.log

if [ -n "$scenario" ] && [ "$scenario" != burst ]; then
  {
    echo "## Burst: $scenario (issue 25)"
    echo
    echo "Produced by \`bench/run-burst.sh\` with \`${JAVA_OPTS}\` on $(date -u +%Y-%m-%dT%H:%MZ) from commit $(git rev-parse --short HEAD); measured in one run."
    echo
    machine "$load_at_start"
    echo
    cat target/$section-table.md
    echo
    echo "How each figure is made: \`src/test/java/dev/relink/bench/HoldBench.java\` and [\`README.md\`](README.md)."
  } | bench/write-section.sh "burst-$scenario"
  exit 0
fi

{
  echo "## $title"
  echo
  echo "Produced by \`bench/run-burst.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) from commit $(git rev-parse --short HEAD); one row per setup, measured in one run."
  echo
  machine "$load_at_start"
  echo
  cat target/$section-table.md
  if [[ $section == burst-remote-smtp ]]; then
    cat <<'EXPLAIN'

The same burst as the section "Burst: a bank outage at scale" (how each figure is made is there), with one
difference: the SMTP server (`SmtpSink remote`, `support.ScriptedSmtpServer` in a JVM of its own) answers
each SMTP command 40 ms late and greets each new connection 120 ms late, as a provider across the
internet would (no TLS, so no TLS cost). Its count of the connections the app opened is a column. An
email on a kept connection costs 4 round trips (MAIL FROM, RCPT TO, DATA, the message: 160 ms); one on a
connection of its own also the greeting, EHLO and QUIT (360 ms). So 16 kept connections carry at most
100 emails a second (10,000 in 100 s, were every incident there at once), 16 connections opened per
email at most 44 a second.
EXPLAIN
  else
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
  fi
} | bench/write-section.sh $section
cat bench/RESULTS.md
