#!/usr/bin/env bash
# Measures the web UI in a real Chromium beside a plain static page in the same run (issue goals: click → dialog
# visible ≤ 150 ms, a 1,000-row grid interactive ≤ 1 s). Prints the rounds and medians; never asserts a time.
# Usage: bench/ui/measure.sh   (needs /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tests/Trellis.Web.Tests -c Release -v q -nologo >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet test tests/Trellis.Web.Tests -c Release --no-build --nologo \
  --filter "Category=Performance" --logger "console;verbosity=detailed" | grep -E "ms|median|baseline|round" || true
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
