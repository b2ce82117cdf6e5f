#!/usr/bin/env sh
# Seeds both targets' corpora with the bundled dataset, every test fixture and the shapes.
set -eu
cd "$(dirname "$0")"
# And small files in every shape of the benchmark matrix (docs/performance.md), minified and
# pretty-printed: many problems, shuffled dates, many links, many names.
shapes="shuffled reversed one-day no-links ten-links thousand-names per-event-names long-summaries warnings errors"
bin="../target/release/ethics-timeline"
[ -x "$bin" ] || (cd .. && cargo build --release)
for target in load render; do
    mkdir -p "corpus/$target"
    cp ../data/*.json ../tests/fixtures/*.json ../tests/fixtures/bad/*.json "corpus/$target/"
    for shape in $shapes; do
        "$bin" generate 40 --shape "$shape" -o "corpus/$target/shape-$shape.json"
        "$bin" generate 40 --shape "$shape" --pretty -o "corpus/$target/shape-$shape-pretty.json"
    done
done
