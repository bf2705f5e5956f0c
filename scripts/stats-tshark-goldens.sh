#!/bin/sh
# Writes test/fixtures/stats-tshark/<folder>/<capture>.txt: what tshark 4.0 prints for every statistic of
# test/corpus/stats-tshark.test.ts (STATISTICS there, in this order) in one run, with its default name resolution,
# for every capture of the corpus's real, apps, variants and msn folders. The test compares `loupe stats` with these
# files, so it runs where tshark is absent, and checks them against tshark where it is installed.
set -eu
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
OUT=test/fixtures/stats-tshark
STATS=$(sed -n '/^const STATISTICS = \[/,/^\];/p' test/corpus/stats-tshark.test.ts | grep -o "'[^']*'" | tr -d "'")
rm -rf "$OUT"
for folder in real apps variants msn; do
  mkdir -p "$OUT/$folder"
  for capture in "$CORPUS/$folder"/*; do
    case "$capture" in *.pcapng | *.pcap | *.cap | *.gz) ;; *) continue ;; esac
    set --
    for s in $STATS; do set -- "$@" -z "$s"; done
    tshark -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
      -r "$capture" -q "$@" > "$OUT/$folder/$(basename "$capture").txt" 2>/dev/null
  done
done
