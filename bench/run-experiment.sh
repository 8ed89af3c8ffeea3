#!/usr/bin/env bash
# An A/B/holdout experiment with known repair rates (issue 26): 20,000 incidents through the whole app,
# the emulator's people answering their prompts, then the same experiment and an A/A one repeated
# (the app's assignment and report, the same people). Replaces its own section of bench/RESULTS.md.
# Options as system properties, e.g. JAVA_OPTS="-Dbench.incidents=5000 -Dbench.runs=100" bench/run-experiment.sh
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/common.sh
build_bench test-compile
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
uptime_at_start=$(uptime)
run_bench ExperimentBench 1536m target/bench-experiment.md target/bench-experiment.log

{
  echo "## Experiment benchmark"
  echo
  echo "Produced by \`bench/run-experiment.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), local profile (H2 file database, the"
  echo "Belvo emulator and its people in the same process, GreenMail), \`-Xmx1536m\`, outcome window 2 h"
  echo "(\`relink.experiments.outcome-window\`). \`uptime\` at the start: \`${uptime_at_start}\`; at the end: \`$(uptime)\`."
  echo
  machine "$load_at_start"
  echo
  cat target/bench-experiment.md
  echo
  cat <<'EXPLAIN'
What ran (`src/test/java/dev/relink/bench/ExperimentBench.java`):

- **Part 1, the whole app**: the emulator holds the links (Heimdall, `token_required`), person-1..N
  with an email address each (`POST /api/contacts/import`, 2,000 rows a file). One poll opens every incident; the ladder assigns
  each to an arm of experiment `bench` (control 45, b 45 with template variant `b`, holdout 10) and
  emails it, the holdout never. The emulator's people (`PUT /sandbox/admin/people`, docs/operations.md
  "The emulator's people") read each mail from the embedded SMTP server, and as their model says open
  the repair link, press its button (the page's same-origin POST, which mints the widget token), finish
  the stand-in widget (the emulator's `PUT /api/links/{id}/`) and post the widget's outcome to the page,
  or repair unprompted (the link turns valid at the bank). The app's clock is moved by hand in
  1-minute steps through the first hour (each step: `POST /sandbox/admin/people/tick`), a second poll
  finds the unprompted repairs, the clock is moved past the outcome window and the report is read from
  `GET /api/experiments/bench`. Nothing is faked: the rates come out of what the people did over HTTP and
  what Relink then saw in Belvo (the emulator).
- **True rates**: 10 % of links are repaired unprompted (the holdout's rate) within 15–45 minutes; a
  prompt adds start × finish on top (control 0.5 × 0.444, b 0.55 × 0.525), so control repairs
  1 − 0.9 × (1 − 0.222) = 30 % and b 1 − 0.9 × (1 − 0.289) = 36 % within the window.
- **Part 2, repeated**: the same people model (another seed each run) and the app's own `ArmHash`
  assignment and `ExperimentReport` (Wilson intervals, the always-valid comparison, the winner rule),
  but the outcomes go straight into the report instead of through mail, pages, Belvo and the
  database: that path costs minutes per run on this machine, this one milliseconds. Each run spreads its
  incidents over 20 days and reads the report once a day, as ops might: an A/A run counts as a false
  winner if *any* of its 20 looks named one. The stated rate is 1 − confidence = 5 %.
EXPLAIN
} | bench/write-section.sh experiment
sed -n '/^<!-- begin experiment -->/,/^<!-- end experiment -->/p' bench/RESULTS.md
