"""Records public/demo/demo.pcap: loopback-only traffic (HTTP, DNS-style UDP, ICMP echo, a refused TCP connection).

Run as root (tcpdump, raw ICMP socket): python3 scripts/make-demo-capture.py
Nothing leaves 127.0.0.1 / ::1.
"""
import http.server, os, socket, struct, subprocess, sys, tempfile, threading, time, urllib.request

OUT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', 'public', 'demo', 'demo.pcap'))
HTTP_PORT, DNS_PORT, CLOSED_PORT = 8765, 53535, 8766
FILTER = f'icmp or icmp6 or port {HTTP_PORT} or port {DNS_PORT} or port {CLOSED_PORT}'


def checksum(data: bytes) -> int:
    if len(data) % 2: data += b'\0'
    s = sum(struct.unpack(f'!{len(data) // 2}H', data))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff


def ping(seq: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as s:
        payload = bytes(range(48))
        head = struct.pack('!BBHHH', 8, 0, 0, 0x1234, seq)
        s.sendto(struct.pack('!BBHHH', 8, 0, checksum(head + payload), 0x1234, seq) + payload, ('127.0.0.1', 0))
        s.settimeout(1)
        s.recv(1024)


def dns_query(name: str, qid: int) -> bytes:
    qname = b''.join(bytes([len(p)]) + p.encode() for p in name.split('.')) + b'\0'
    return struct.pack('!HHHHHH', qid, 0x0100, 1, 0, 0, 0) + qname + struct.pack('!HH', 1, 1)


def dns_server(sock: socket.socket, queries: int) -> None:
    for _ in range(queries):
        query, peer = sock.recvfrom(512)
        answer = struct.pack('!HHHIH', 0xc00c, 1, 1, 300, 4) + socket.inet_aton('127.0.0.1')
        sock.sendto(query[:2] + struct.pack('!HHHHH', 0x8180, 1, 1, 0, 0) + query[12:] + answer, peer)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass


def main() -> None:
    capture = subprocess.Popen(['tcpdump', '-i', 'lo', '-s', '0', '-U', '-w', OUT, FILTER], stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    try:
        os.chdir(tempfile.mkdtemp())
        with open('hello.txt', 'w') as f:
            f.write('Hello from Loupe, captured on the loopback interface.\n')
        server = http.server.ThreadingHTTPServer(('127.0.0.1', HTTP_PORT), Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        dns.bind(('127.0.0.1', DNS_PORT))
        threading.Thread(target=dns_server, args=(dns, 2), daemon=True).start()
        dns6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        dns6.bind(('::1', DNS_PORT))
        threading.Thread(target=dns_server, args=(dns6, 1), daemon=True).start()

        for seq in range(1, 4):
            ping(seq)
            time.sleep(0.05)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c:
            for qid, name in ((0x1a2b, 'loupe.example'), (0x1a2c, 'demo.loupe.example')):
                c.sendto(dns_query(name, qid), ('127.0.0.1', DNS_PORT))
                c.recv(512)
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as c:
            c.sendto(dns_query('v6.loupe.example', 0x1a2d), ('::1', DNS_PORT))
            c.recv(512)
        for path in ('/', '/hello.txt'):
            with urllib.request.urlopen(f'http://127.0.0.1:{HTTP_PORT}{path}') as r:
                r.read()
            time.sleep(0.05)
        try:
            socket.create_connection(('127.0.0.1', CLOSED_PORT), timeout=1)
        except OSError:
            pass
        server.shutdown()
        time.sleep(0.5)
    finally:
        capture.terminate()
        capture.wait()


if __name__ == '__main__':
    sys.exit(main())
