#!/bin/sh
# Rewrites this folder's golden files from tshark 4.0 (never from Loupe): builds every scenario's capture
# (scenarios.ts), then runs tshark on each. Run from anywhere; needs tshark and the project's esbuild.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/../../../../node_modules/.bin/esbuild" "$here/write-captures.ts" --bundle --platform=node --format=esm \
  --outfile="$tmp/write-captures.mjs" --log-level=warning
node "$tmp/write-captures.mjs" "$tmp"
checksums="-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE"
for pcap in "$tmp"/*.pcap; do
  name=$(basename "$pcap" .pcap)
  case $name in udp_*)
    for format in raw ascii hex; do
      tshark -r "$pcap" $checksums -q -z follow,udp,$format,0 > "$here/$name.follow-0.$format.txt" 2>/dev/null
    done
    continue ;;
  esac
  tshark -r "$pcap" $checksums -T fields $(cat "$tmp/expert.fields") > "$here/$name.expert.tsv" 2>/dev/null
  case $name in decode_*) continue ;; esac
  tshark -r "$pcap" $checksums -T fields $(cat "$tmp/analysis.fields") > "$here/$name.tsv" 2>/dev/null
  for stream in 0 1; do
    tshark -r "$pcap" $checksums -q -z follow,tcp,raw,$stream > "$here/$name.follow-$stream.txt" 2>/dev/null
    for format in ascii hex; do
      tshark -r "$pcap" $checksums -q -z follow,tcp,$format,$stream > "$here/$name.follow-$stream.$format.txt" 2>/dev/null
    done
  done
done
