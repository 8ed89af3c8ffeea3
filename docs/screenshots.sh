#!/bin/sh
# Re-makes the README's screenshots (docs/screenshots/*.png): the browser tests save what they show
# when the system property relink.screenshots names a directory. Needs chromium and chromium-driver.
set -e
cd "$(dirname "$0")/.."
./mvnw -B test -Dtest='OpsConsoleBrowserTest,BrandedRepairPageBrowserTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Drelink.screenshots="$PWD/docs/screenshots"
