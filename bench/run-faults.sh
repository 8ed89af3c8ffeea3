#!/usr/bin/env bash
# Nothing stranded (issue 23): two replicas of target/relink.jar on one real PostgreSQL under a steady
# stream of Belvo webhooks from a sender that retries, with each fault in turn: kill -9 of a replica,
# PostgreSQL crash and restart, PostgreSQL unreachable for 30 s, Belvo failing for a minute, SMTP refusing
# for a minute, a graceful stop mid-stream; then issue 23's own scenario (3,000 links). After each, the
# ledger must balance. Writes its section of bench/RESULTS.md; exits non-zero if a ledger did not balance.
# Options as system properties, e.g.
#   JAVA_OPTS="-Dbench.faults=kill-9,scenario -Dbench.scenario-links=1000" bench/run-faults.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

build_bench package -DskipTests
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
run_bench FaultBench 512m target/faults-table.md target/faults.log || status=$?
[ -s target/faults-table.md ] || exit 1

{
  echo "## Faults: nothing stranded"
  echo
  echo "Produced by \`bench/run-faults.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) from commit $(git rev-parse --short HEAD); one row per fault, in one run; options: \`${JAVA_OPTS:-none}\`."
  echo
  machine "$load_at_start"
  echo
  cat target/faults-table.md
  cat <<'EXPLAIN'

How it is made (`src/test/java/dev/relink/bench/FaultBench.java`):

- Two replicas of `target/relink.jar` (prod profile, `-Xmx512m` each, the client compiler only and the
  serial collector so that a start fits on two busy CPUs: `bench.replica-jvm-options`; no poll: webhooks alone, so
  no poll rescues what a fault strands) on one PostgreSQL 17 (zonky's embedded binaries,
  `synchronous_commit=on`), reached through a TCP proxy in the benchmark. Claim leases 30 s
  (`relink.inbox.claim-timeout`, `relink.prompt.claim-lease`, `relink.detect.recheck-lease`), the
  stranded sweep every 5 s. Belvo is a WireMock (every link `token_required`), SMTP a GreenMail;
  every link's user has an email contact.
- Each fault gets links of its own: `bench.links` links (200 by default), three `LINK token_required`
  webhooks each, spread over 20 s by a sender that sends each webhook to the next replica in turn and, until one answers 2xx,
  again after 1–5 s to the other (as Belvo retries, and a load balancer moves on). The fault strikes
  6 s in: **`kill -9`** of replica A, started again at once (on this machine a start takes a minute or
  more); **PostgreSQL immediate stop** (`pg_ctl stop -m immediate`: every backend gone, no checkpoint),
  started again 6 s later (WAL replay); **PostgreSQL unreachable**: the proxy passes nothing either
  way for 30 s (connections held, not refused), then everything goes on; **Belvo** answers every
  request 500 for 30 s, then 429 (`Retry-After: 5`) for 30 s; **SMTP** refuses connections for 60 s
  (GreenMail stopped, then started on the same port); **graceful stop** (SIGTERM) of replica A, then
  started again.
- **Settled**: the sender has an answer for every webhook, no stored webhook of the round is pending
  or processing, every link's incident reached a decision (prompted, i.e. step 0 sent; or parked,
  resolved, closed), no dead letter is pending and every link's user has an email. Dead letters
  (what a route gave up on while a dependency was down) are replayed through
  `POST /api/dead-letters/replay` once the inbox is drained, as an operator would.
  **Fault → settled** counts from the moment the fault struck.
- **Stored, processed once**: webhooks answered 2xx that are in the inbox with exactly one signal line
  on their incident's timeline. **Of which marked failed**: those whose inbox row nonetheless says
  `failed` (a PostgreSQL crash in the middle of a commit whose outcome the app never heard: the work
  was committed, the row was marked failed). **Re-claimed after a lease**: inbox rows processed more than
  once (a claim that died with its replica). **Emails (twice)**: users emailed, and users emailed
  more than once (at the SMTP server). **Step 0 in flight at a kill**: in the rounds that kill a
  replica, step-0 deliveries left `sending` (a prompt is sent at most once; the ladder's next step
  follows). **Balanced**: nothing unanswered; every webhook answered,
  stored once and processed once; one incident per link, each decided; every user emailed once; no
  dead letter left.
EXPLAIN
} | bench/write-section.sh faults
cat bench/RESULTS.md
exit $status
