#!/usr/bin/env sh
# Rebuilds vendor/ from the pinned npm packages (package.json and
# package-lock.json): run it after changing a version, then commit vendor/.
# go build never runs it: the built files are committed and embedded.
set -eu
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund
mkdir -p vendor
cp node_modules/uplot/dist/uPlot.iife.min.js vendor/uPlot.iife.min.js
cp node_modules/uplot/dist/uPlot.min.css vendor/uPlot.min.css
cp node_modules/uplot/LICENSE vendor/uPlot.LICENSE
rm -rf node_modules
echo "vendor/ rebuilt from package-lock.json:"
ls -l vendor
