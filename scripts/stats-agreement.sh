#!/bin/sh
# Compares `loupe stats` with `tshark -q -z` (three checksum preferences on) for every capture of the shared
# corpus's real, apps, variants and msn folders and every statistic below. tshark's outputs are cached under
# $CACHE (default /tmp/loupe-stats-oracle) so reruns only run Loupe. Prints one line per differing case and a tally.
# Usage: scripts/stats-agreement.sh [-v] (run `npm run build:cli` first; -v prints the diffs)
set -u
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
CACHE=${CACHE:-/tmp/loupe-stats-oracle}
VERBOSE=${1:-}
mkdir -p "$CACHE"
STATS='conv,eth conv,ip conv,ipv6 conv,tcp conv,udp endpoints,eth endpoints,ip endpoints,ipv6 endpoints,tcp
endpoints,udp io,phs io,stat,1 io,stat,0.1 plen,tree http,tree http_req,tree http_srv,tree dns,tree expert
io,stat,0.5,SUM(frame.len)frame.len,MIN(tcp.len)tcp.len,MAX(ip.ttl)ip.ttl,AVG(frame.time_delta)frame.time_delta,COUNT(tcp.analysis.ack_rtt)tcp.analysis.ack_rtt'
same=0
differ=0
for capture in "$CORPUS"/real/* "$CORPUS"/apps/*.pcap "$CORPUS"/variants/* "$CORPUS"/msn/*.pcap; do
  name=$(echo "$capture" | sed "s|$CORPUS/||")
  for stat in $STATS; do
    for names in '' '-n'; do
      key=$(printf '%s %s %s' "$name" "$stat" "$names" | md5sum | cut -c1-16)
      if [ ! -f "$CACHE/$key" ]; then
        tshark $names -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
          -r "$capture" -q -z "$stat" > "$CACHE/$key" 2>/dev/null
      fi
      if node bin/loupe.mjs stats $names "$capture" "$stat" 2>/dev/null | cmp -s - "$CACHE/$key"; then
        same=$((same + 1))
      else
        differ=$((differ + 1))
        echo "DIFF $name $stat $names"
        [ "$VERBOSE" = -v ] && node bin/loupe.mjs stats $names "$capture" "$stat" 2>&1 | diff "$CACHE/$key" - | head -20
      fi
    done
  done
done
echo "same $same, differ $differ"
