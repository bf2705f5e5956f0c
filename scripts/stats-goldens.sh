#!/bin/sh
# Writes test/fixtures/stats/: what `tshark -n -q -z <statistic>` prints for a handful of corpus captures, one
# file per capture and statistic, listed in test/fixtures/stats/CASES.tsv (golden file, capture, statistic).
# -n because Loupe resolves no names (tshark would print Ethernet vendors). Run with tshark 4.0 and the shared
# corpus at ../shared/corpus.
set -eu
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
OUT=test/fixtures/stats
rm -rf "$OUT"
mkdir -p "$OUT"
CASES="$OUT/CASES.tsv"
: > "$CASES"
n=0
add() { # capture statistic
  n=$((n + 1))
  golden=$(printf '%03d.txt' "$n")
  tshark -n -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
    -r "$CORPUS/$1" -q -z "$2" > "$OUT/$golden" 2>/dev/null
  printf '%s\t%s\t%s\n' "$golden" "$1" "$2" >> "$CASES"
}
for capture in real/icmp_traceroute.pcapng real/ipv6_fragments.pcapng apps/dns.pcap msn/msnp15_group_chat.pcap \
    real/tcp_retransmissions.pcapng real/arp_resolution.pcapng apps/ftp_passive.pcap variants/dns_query_response.netmon2.cap; do
  for stat in conv,eth conv,ip conv,ipv6 conv,tcp conv,udp endpoints,eth endpoints,ip endpoints,ipv6 endpoints,tcp endpoints,udp; do
    add "$capture" "$stat"
  done
  add "$capture" io,stat,1
  add "$capture" io,stat,0.1
done
# Protocol hierarchy where Loupe's application layers are tshark's (see docs/architecture.md for where they are not).
for capture in real/icmp_echo.pcapng real/ipv6_fragments.pcapng apps/dns.pcap real/dns_tcp.pcapng apps/telnet.pcap msn/msnp8_login_chat.pcap; do
  add "$capture" io,phs
done
# Filters, intervals at or beyond the duration, a capture of one frame.
add apps/dns.pcap 'conv,udp,udp.port==53'
add apps/dns.pcap 'endpoints,ip,tcp'
add apps/dns.pcap 'io,phs,udp'
add apps/dns.pcap 'io,stat,0.25,udp,tcp'
add msn/msnp15_group_chat.pcap 'io,stat,2.25,tcp'
add msn/msnp15_group_chat.pcap 'io,stat,5'
add real/icmp_echo.pcapng 'io,stat,3'
add real/icmp_echo.pcapng 'io,stat,5'
add real/tcp_handshake.pcapng 'io,stat,0.01'
add real/udp_dnsrequest.pcapng 'io,stat,1'
add apps/smb_guest.pcap 'io,stat,0.001,ip.len>100'
# Protocol hierarchy with the layers tshark adds beyond the dissectors' own (data, data-text-lines, imf, urlencoded-form,
# gss-api/spnego inside SMB2, tcp.segments after a reassembled PDU): src/dissectors/frame-layers.ts.
for capture in real/http_google.pcapng real/http_post.pcapng real/ip_frag_source.pcapng apps/smtp.pcap apps/tftp.pcap \
    apps/smb_guest.pcap apps/http_features.pcap tls/dev_tls_multi.pcap; do
  add "$capture" io,phs
done
