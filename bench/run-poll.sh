#!/usr/bin/env bash
# The link listing poll at scale: 100,000 links in the local Belvo emulator, a third of them broken;
# poll 1 finds them all new, poll 2 runs after 10,000 were repaired. Replaces the "Poll benchmark"
# section of bench/RESULTS.md (other sections stay). A few minutes on two cores. Options as system
# properties, e.g. JAVA_OPTS="-Dbench.links=30000 -Dbench.repaired=3000" bench/run-poll.sh
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
# the run uses a copy of the classes: a build during the run does not change what it measures
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
cp -r target/classes target/test-classes "$classes"/
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
java ${JAVA_OPTS:-} -Xmx512m -cp "$classes/classes:$classes/test-classes:$(cat target/bench.classpath)" \
  dev.relink.bench.PollBench target/bench-poll.md > target/bench-poll.log 2>&1 || { tail -50 target/bench-poll.log; exit 1; }

section=$(mktemp)
{
  echo "# Poll benchmark"
  echo
  echo "Produced by \`bench/run-poll.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), local profile (H2 file database, the"
  echo "Belvo emulator in the same process, no rate limit), \`-Xmx512m\`."
  echo
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB memory, $(java -version 2>&1 | head -1), load average at start: ${load_at_start}, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  cat target/bench-poll.md
  cat <<'EXPLAIN'

How each figure is made (`src/test/java/dev/relink/bench/PollBench.java`): the emulator is seeded
with 100,000 links (66,667 `valid`, 33,333 `invalid` or `token_required`), nobody has a contact.

- **listing and signals**: from firing the poll's Quartz job until route `detect.poll-links` is done:
  every page of `GET /api/links/?status__in=invalid,token_required` (1,000 a page), an incident
  opened (or joined) per listed link, and every open incident the listing left out queued for its
  re-check. Poll 1 opens 33,333 incidents; poll 2 joins 23,333 and queues 10,000 re-checks.
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
} > "$section"

# Keep every other section of RESULTS.md; replace (or append) this one.
python3 - "$section" <<'PY'
import re, sys
new = open(sys.argv[1]).read().rstrip() + "\n"
path = "bench/RESULTS.md"
try:
    text = open(path).read()
except FileNotFoundError:
    text = ""
parts = re.split(r"(?m)^(?=# )", text)
kept = [p for p in parts if p.strip() and not p.startswith("# Poll benchmark")]
open(path, "w").write("\n".join(p.rstrip() + "\n" for p in kept + [new]))
PY
rm -f "$section"
sed -n '/^# Poll benchmark/,$p' bench/RESULTS.md
