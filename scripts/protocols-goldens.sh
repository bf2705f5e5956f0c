#!/bin/sh
# Writes test/fixtures/protocols/: what `tshark -T fields -e frame.protocols` prints for the shared corpus's
# real, apps, tls (key-less .pcap), msn and variants captures, one file per capture (<folder>/<file>.txt).
# Run with tshark 4.0 and the shared corpus at ../shared/corpus.
set -eu
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
OUT=test/fixtures/protocols
rm -rf "$OUT"
for capture in $(cd "$CORPUS" && ls real/* apps/*.pcap tls/*.pcap msn/*.pcap variants/*); do
  mkdir -p "$OUT/$(dirname "$capture")"
  tshark -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
    -r "$CORPUS/$capture" -T fields -e frame.protocols > "$OUT/$capture.txt" 2>/dev/null
done
