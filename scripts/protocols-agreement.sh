#!/bin/sh
# Compares Loupe with tshark 4.0 on the shared corpus: `-T fields -e frame.protocols` frame by frame, and
# `-n -q -z io,phs`, capture by capture. Prints one line per capture that differs and the agreement counts.
# Usage: scripts/protocols-agreement.sh [capture...]   (default: real, apps, tls, msn, variants and a spread of
# malformed/). Run after `npm run build`; tshark's outputs are cached in $CACHE.
set -u
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
CACHE=${CACHE:-/tmp/loupe-protocols-agreement}
mkdir -p "$CACHE"
TSHARK="tshark -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE"
if [ $# -eq 0 ]; then
  set -- $(cd "$CORPUS" && ls real/* apps/*.pcap tls/*.pcap tls/*.pcapng msn/*.pcap variants/* && ls malformed/* | awk 'NR % 8 == 1')
fi
captures=0; fields_same=0; phs_same=0; frames=0; frames_same=0
for capture in "$@"; do
  key=$(printf '%s' "$capture" | tr '/' '_')
  [ -f "$CACHE/$key.protocols" ] || $TSHARK -r "$CORPUS/$capture" -T fields -e frame.protocols > "$CACHE/$key.protocols" 2>/dev/null
  [ -f "$CACHE/$key.phs" ] || $TSHARK -n -r "$CORPUS/$capture" -q -z io,phs > "$CACHE/$key.phs" 2>/dev/null
  node bin/loupe.mjs fields "$CORPUS/$capture" -e frame.protocols > "$CACHE/$key.protocols.loupe" 2>/dev/null
  node bin/loupe.mjs stats "$CORPUS/$capture" io,phs > "$CACHE/$key.phs.loupe" 2>/dev/null
  captures=$((captures + 1))
  n=$(wc -l < "$CACHE/$key.protocols")
  same=$(paste "$CACHE/$key.protocols" "$CACHE/$key.protocols.loupe" | awk -F'\t' '$1 == $2' | wc -l)
  frames=$((frames + n)); frames_same=$((frames_same + same))
  if cmp -s "$CACHE/$key.protocols" "$CACHE/$key.protocols.loupe"; then fields_same=$((fields_same + 1)); else
    echo "frame.protocols differs: $capture ($same of $n frames agree)"; fi
  if cmp -s "$CACHE/$key.phs" "$CACHE/$key.phs.loupe"; then phs_same=$((phs_same + 1)); else echo "io,phs differs: $capture"; fi
done
echo "frame.protocols: $fields_same of $captures captures identical, $frames_same of $frames frames"
echo "io,phs: $phs_same of $captures captures identical"
