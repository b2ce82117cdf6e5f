#!/usr/bin/env sh
# Seeds both targets' corpora with the bundled dataset and every test fixture.
set -eu
cd "$(dirname "$0")"
for target in load render; do
    mkdir -p "corpus/$target"
    cp ../data/*.json ../tests/fixtures/*.json ../tests/fixtures/bad/*.json "corpus/$target/"
done
