#!/usr/bin/env bash
# The link listing poll at scale: 100,000 links in the local Belvo emulator, a third of them broken;
# poll 1 finds them all new, poll 2 runs after 10,000 were repaired. Replaces its own section
# of bench/RESULTS.md (bench/write-section.sh; other sections stay). A few minutes on two cores. Options as system
# properties, e.g. JAVA_OPTS="-Dbench.links=30000 -Dbench.repaired=3000" bench/run-poll.sh
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/common.sh
build_bench test-compile
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
run_bench PollBench 512m target/bench-poll.md target/bench-poll.log

{
  echo "## Poll benchmark"
  echo
  echo "Produced by \`bench/run-poll.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), local profile (H2 file database, the"
  echo "Belvo emulator in the same process, no rate limit), \`-Xmx512m\`."
  echo
  machine "$load_at_start"
  echo
  cat target/bench-poll.md
  cat <<'EXPLAIN'

How each figure is made (`src/test/java/dev/relink/bench/PollBench.java`): the emulator is seeded
with 100,000 links (66,667 `valid`, 33,333 `invalid` or `token_required`), nobody has a contact.

- **listing and signals**: from firing the poll's Quartz job until route `detect.poll-links` is done:
  every page of `GET /api/links/?status__in=invalid,token_required` (1,000 a page), an incident
  opened (or joined) per listed link, and every open incident the listing left out queued for its
  re-check. Poll 1 opens 33,333 incidents; poll 2 joins 23,333 and queues 10,000 re-checks.
- **CPU used meanwhile**: the process's CPU time (app, H2, emulator, all threads) while the poll ran,
  hand-overs included; on a machine the benchmark had to itself, the poll could not take less than
  this divided by the number of CPUs. On a busy machine the wall time is mostly waiting for a CPU.
- **until every incident settled**: poll 1, until no incident waits for its hand-over (each went to
  prompting, got step 0 and, with no contact, was parked as `no_contact`); poll 2, until the 10,000
  repaired links' incidents are `resolved`.
- **Belvo reads** are counted by the emulator as it answers them: pages of the listing, bulk reads
  (`id__in`, up to 100 links each) and one-link reads (`GET /api/links/{id}/`). The targets: pages =
  listed links / 1,000; bulk reads at most one per 100 links re-checked; no one-link read (a link the
  listing just showed broken is not read again, not by detection and not before step 0).
- **Heap**: used heap after a full GC, once the links are seeded and once both polls have settled.
- **Targets** (issue "A bank outage at scale"): listing and signals within 60 s, heap growth under
  64 MB, Belvo reads = pages of the listing + bulk re-checks only.
EXPLAIN
} | bench/write-section.sh poll
sed -n '/^<!-- begin poll -->/,/^<!-- end poll -->/p' bench/RESULTS.md
