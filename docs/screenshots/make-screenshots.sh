#!/bin/sh
# Regenerates the screenshots of README.md: builds the demo data directory
# (tests/unit/gui/screenshotfixture.cpp) and renders the main window and each
# tab of the detail modal offscreen, and the Hub form against the mock Hub,
# at 1x and 2x, light and dark.
#   docs/screenshots/make-screenshots.sh [BUILD_DIR]
set -eu
BUILD=${1:-build}
OUT=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ID=$("$BUILD/bin/gui_screenshot_fixture" "$WORK/data")
for scale in 1 2; do
  mkdir -p "$OUT/${scale}x"
  XDG_CONFIG_HOME="$WORK/config" DATASET_STUDIO_THEME=light "$BUILD/bin/dataset-studio" --data-dir "$WORK/data" \
    --screenshot "$OUT/${scale}x/main.png" --screenshot-scale "$scale" --screenshot-dataset "$ID"
  XDG_CONFIG_HOME="$WORK/config" DATASET_STUDIO_THEME=dark "$BUILD/bin/dataset-studio" --data-dir "$WORK/data" \
    --screenshot "$OUT/${scale}x/dark.png" --screenshot-scale "$scale" --screenshot-dataset "$ID"
  # The Hub form with a preview, against the mock Hub of the tests.
  XDG_CONFIG_HOME="$WORK/config" DATASET_STUDIO_THEME=light QT_SCALE_FACTOR="$scale" \
    "$BUILD/bin/gui_hub_screenshot" "$OUT/${scale}x/add-hub.png"
done
