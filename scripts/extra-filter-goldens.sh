#!/bin/sh
# Writes test/corpus/extra-filters.tsv: for each filter of test/corpus/extra-filters.txt and each capture below,
# the frames `tshark -Y` selects (comma separated), or ERROR when tshark refuses the filter. Run with tshark 4.0
# and the shared corpus at ../shared/corpus; times are compared in UTC.
set -eu
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
OUT=test/corpus/extra-filters.tsv
: > "$OUT"
for capture in real/http_google.pcapng real/dns_query_response.pcapng real/tcp_handshake.pcapng; do
  while IFS= read -r filter; do
    if frames=$(TZ=UTC tshark -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
        -r "$CORPUS/$capture" -Y "$filter" -T fields -e frame.number 2>/dev/null); then
      printf '%s\t%s\t%s\n' "$capture" "$filter" "$(echo "$frames" | paste -sd, -)" >> "$OUT"
    else
      printf '%s\t%s\tERROR\n' "$capture" "$filter" >> "$OUT"
    fi
  done < test/corpus/extra-filters.txt
done
