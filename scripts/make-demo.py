"""Makes public/demo/demo.pcapng and public/demo/demo.keys: the demo capture Loupe offers on first start.

Run as root (tcpdump): python3 scripts/make-demo.py

Everything is real traffic between sockets on this machine's loopback, in 127.80.0.0/16 only (nothing leaves
the host): DNS lookups and their answers, an HTTP exchange with a gzipped body, a TLS 1.3 session between
`openssl s_server` and `openssl s_client -keylogfile` (an HTTP request inside), and an MSN Messenger (MSNP8)
conversation: two users sign in to a notification server and chat through a switchboard.

Loopback traffic leaves checksums to offloading, so the recording carries partial ones; this script recomputes
every IPv4, TCP and UDP checksum. The result is pcapng with the TLS key log embedded in a Decryption Secrets
Block (tshark and Loupe decrypt without further setup), and the key log beside it in NSS format.
"""
import gzip, os, socket, struct, subprocess, tempfile, time

DEMO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', 'public', 'demo'))
NET = '127.80.0.0/16'
CLIENT = '127.80.0.2'
ALICE, BOB = '127.80.0.3', '127.80.0.4'
DNS = ('127.80.0.53', 53)
WEB = ('127.80.0.80', 80)
SECURE = ('127.80.0.43', 443)
NS = ('127.80.0.10', 1863)
SB = ('127.80.0.20', 1863)
NAMES = {
    'www.loupe.example': WEB[0],
    'secure.loupe.example': SECURE[0],
    'messenger.hotmail.example': NS[0],
}


def pause(seconds=0.05):
    time.sleep(seconds)


# --- DNS (RFC 1035) -----------------------------------------------------------------------------------------------

def qname(name):
    return b''.join(bytes([len(p)]) + p.encode() for p in name.split('.')) + b'\0'


def dns_query(qid, name, qtype):
    return struct.pack('!6H', qid, 0x0100, 1, 0, 0, 0) + qname(name) + struct.pack('!HH', qtype, 1)


def dns_answer(query):
    qid = struct.unpack('!H', query[:2])[0]
    end = 12
    labels = []
    while query[end]:
        labels.append(query[end + 1:end + 1 + query[end]].decode())
        end += 1 + query[end]
    name = '.'.join(labels)
    qtype = struct.unpack('!H', query[end + 1:end + 3])[0]
    question = query[12:end + 5]
    address = NAMES.get(name)
    if address is None:  # NXDOMAIN
        return struct.pack('!6H', qid, 0x8183, 1, 0, 0, 0) + question
    if qtype == 1:
        record = struct.pack('!HHHIH', 0xc00c, 1, 1, 300, 4) + socket.inet_aton(address)
        return struct.pack('!6H', qid, 0x8180, 1, 1, 0, 0) + question + record
    # No AAAA for these names: an empty answer (NOERROR, no records).
    return struct.pack('!6H', qid, 0x8180, 1, 0, 0, 0) + question


def resolve(server, qid, name):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
        client.bind((CLIENT, 0))
        for offset, qtype in enumerate((1, 28)):
            client.sendto(dns_query(qid + offset, name, qtype), DNS)
            query, peer = server.recvfrom(512)
            server.sendto(dns_answer(query), peer)
            client.recvfrom(512)
            pause()


# --- TCP conversations driven from both ends ------------------------------------------------------------------------

class Conversation:
    """A TCP connection whose both ends this script holds, so every exchange happens in a known order."""

    def __init__(self, listener, source):
        self.client = socket.create_connection(listener.getsockname(), source_address=(source, 0))
        self.server, _ = listener.accept()
        for s in (self.client, self.server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    @staticmethod
    def _carry(src, dst, data):
        src.sendall(data)
        got = b''
        while len(got) < len(data):
            got += dst.recv(len(data) - len(got))
        pause()

    def send(self, data):
        self._carry(self.client, self.server, data)

    def reply(self, data):
        self._carry(self.server, self.client, data)


def listen(address):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(address)
    s.listen()
    return s


# --- HTTP with a gzipped body ---------------------------------------------------------------------------------------

PAGE = b"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Loupe demo</title></head>
<body>
<h1>Hello from the Loupe demo</h1>
<p>This page was sent gzipped (Content-Encoding: gzip). Follow the TCP stream to see it on the wire, or
look at the HTTP layer of the response to see it decompressed.</p>
<ul><li>DNS lookups before each connection</li><li>a TLS 1.3 session with its key log</li>
<li>an MSN Messenger chat between Alice and Bob</li></ul>
</body>
</html>
"""


def http_exchange():
    with listen(WEB) as listener:
        c = Conversation(listener, CLIENT)
        c.send(b'GET / HTTP/1.1\r\nHost: www.loupe.example\r\nUser-Agent: loupe-demo/1.0\r\n'
               b'Accept: text/html\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n')
        body = gzip.compress(PAGE, mtime=0)
        c.reply(b'HTTP/1.1 200 OK\r\nServer: loupe-demo\r\nContent-Type: text/html; charset=utf-8\r\n'
                b'Content-Encoding: gzip\r\nContent-Length: %d\r\nConnection: close\r\n\r\n' % len(body) + body)
        c.server.close()
        c.client.close()
        pause()


# --- TLS 1.3 with openssl, keys logged by the client -----------------------------------------------------------------

def tls_session(work, keys):
    key, cert = os.path.join(work, 'key.pem'), os.path.join(work, 'cert.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
                    '-keyout', key, '-out', cert, '-days', '3650', '-subj', '/CN=secure.loupe.example'],
                   check=True, capture_output=True)
    # s_server -HTTP answers GET /<file> with the file as it is, response headers included.
    body = b'Only whoever holds demo.keys can read this: the TLS session was decrypted with its key log.\n'
    with open(os.path.join(work, 'secret.txt'), 'wb') as f:
        f.write(b'HTTP/1.1 200 OK\r\nServer: openssl-s_server\r\nContent-Type: text/plain\r\n'
                b'Content-Length: %d\r\nConnection: close\r\n\r\n' % len(body) + body)
    server = subprocess.Popen(['openssl', 's_server', '-accept', f'{SECURE[0]}:{SECURE[1]}', '-cert', cert, '-key', key,
                               '-tls1_3', '-HTTP', '-naccept', '1'], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    request = b'GET /secret.txt HTTP/1.1\r\nHost: secure.loupe.example\r\nUser-Agent: loupe-demo/1.0\r\n\r\n'
    subprocess.run(['openssl', 's_client', '-connect', f'{SECURE[0]}:{SECURE[1]}', '-bind', f'{CLIENT}:0',
                    '-servername', 'secure.loupe.example', '-tls1_3', '-keylogfile', keys, '-ign_eof', '-quiet'],
                   input=request, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=20)
    server.wait(timeout=10)


# --- MSN Messenger (MSNP8): sign-in at the notification server, chat through a switchboard ----------------------------

def mime_text(text):
    return ('MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n'
            'X-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=0; PF=22\r\n\r\n' + text).encode()


def mime_typing(account):
    return f'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: {account}\r\n\r\n\r\n'.encode()


def msg(trid, mode, payload):
    return f'MSG {trid} {mode} {len(payload)}\r\n'.encode() + payload


def relayed(account, name, payload):
    return f'MSG {account} {name} {len(payload)}\r\n'.encode() + payload


def sign_in(ns, account, name, ticket):
    ns.send(b'VER 1 MSNP8 CVR0\r\n')
    ns.reply(b'VER 1 MSNP8 CVR0\r\n')
    ns.send(f'CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS {account}\r\n'.encode())
    ns.reply(b'CVR 2 6.2.0208 6.2.0208 6.2.0208 http://download.hotmail.example/msn.exe http://messenger.hotmail.example\r\n')
    ns.send(f'USR 3 TWN I {account}\r\n'.encode())
    ns.reply(b'USR 3 TWN S lc=1033,id=507,tw=40,fs=1,ru=http%3A%2F%2Fmessenger.hotmail.example,ct=1062764229,kpp=1,kv=5,ver=2.1.0173.1,tpf=43f8a4c8ed940c04e3740be46c4d1619\r\n')
    ns.send(f'USR 4 TWN S {ticket}\r\n'.encode())
    ns.reply(f'USR 4 OK {account} {name} 1 0\r\n'.encode())
    profile = (f'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: 1062764229\r\n'
               f'EmailEnabled: 0\r\nMemberIdHigh: 84736\r\nMemberIdLow: -1434729391\r\nlang_preference: 1033\r\n'
               f'preferredEmail: {account}\r\ncountry: GB\r\nkv: 5\r\nsid: 507\r\n\r\n').encode()
    ns.reply(relayed('Hotmail', 'Hotmail', profile))
    ns.send(b'CHG 5 NLN 0\r\n')
    ns.reply(b'CHG 5 NLN 0\r\n')


def msn_chat():
    alice, alice_name = 'alice@hotmail.example', 'Alice%20Liddell'
    bob, bob_name = 'bob@hotmail.example', 'Bob%20Builder'
    with listen(NS) as ns_listener, listen(SB) as sb_listener:
        alice_ns = Conversation(ns_listener, ALICE)
        sign_in(alice_ns, alice, alice_name, 't=53*1hAu8ADuD3TEwdXoOMi08sD*2!cMrntTwVMTjoB3p6stWTqzbkKZPVQzA5NOt19SLI60PY!b8K4YhC!Ooo5ug$$&p=5eKBBC!yBH6ex5mftp!a9DrSb0B3hU8aqAWpaPn07iCGBw5akemiWSd7t2ot!okPvIR!Wqk!MKvi1IMpxfhkao9wpxlMWYAZ!DqRfACmyQGG112Bp9xrk04!BVBUa9*H9mJLoWw39m63YQRE1yHnYNv08nyz43D3OnMcaCoeSaEHVM7LpR*LWDme29qq2X3j8N')
        bob_ns = Conversation(ns_listener, BOB)
        sign_in(bob_ns, bob, bob_name, 't=2rdJ8NdWQTBk2h4bZ5rb7sSX*2!cMrntTwVMTjoB3p6stWTqzbkKZPVQzA5NOt19SLI60PY!b8K4YhC')
        alice_ns.reply(f'NLN NLN {bob} {bob_name} 0\r\n'.encode())
        bob_ns.reply(f'ILN 5 NLN {alice} {alice_name} 0\r\n'.encode())

        # Alice asks for a switchboard and calls Bob; the notification server rings him.
        alice_ns.send(b'XFR 6 SB\r\n')
        alice_ns.reply(f'XFR 6 SB {SB[0]}:{SB[1]} CKI 17262740.1050826919.32308\r\n'.encode())
        alice_sb = Conversation(sb_listener, ALICE)
        alice_sb.send(f'USR 1 {alice} 17262740.1050826919.32308\r\n'.encode())
        alice_sb.reply(f'USR 1 OK {alice} {alice_name}\r\n'.encode())
        alice_sb.send(f'CAL 2 {bob}\r\n'.encode())
        alice_sb.reply(b'CAL 2 RINGING 11752013\r\n')
        bob_ns.reply(f'RNG 11752013 {SB[0]}:{SB[1]} CKI 849102291.520491113 {alice} {alice_name}\r\n'.encode())
        bob_sb = Conversation(sb_listener, BOB)
        bob_sb.send(f'ANS 1 {bob} 849102291.520491113 11752013\r\n'.encode())
        bob_sb.reply(f'IRO 1 1 1 {alice} {alice_name}\r\n'.encode())
        bob_sb.reply(b'ANS 1 OK\r\n')
        alice_sb.reply(f'JOI {bob} {bob_name}\r\n'.encode())

        # The chat: typing notices, then text; the switchboard relays each message to the other side.
        trids = {'alice': 3, 'bob': 2}
        lines = [
            ('alice', 'Hi Bob! Did you get the capture I mentioned?'),
            ('bob', 'Hey Alice. Yes, opening it in Loupe right now.'),
            ('alice', 'Great: it never leaves your browser, so the keys stay with you too.'),
            ('bob', 'Nice. The TLS session decrypts with the key log, and I can read this chat in it \U0001f600'),
            ('alice', 'Ha, of course you can. See you later!'),
            ('bob', 'Bye!'),
        ]
        for who, text in lines:
            sender, receiver = (alice_sb, bob_sb) if who == 'alice' else (bob_sb, alice_sb)
            account, name = (alice, alice_name) if who == 'alice' else (bob, bob_name)
            typing = mime_typing(account)
            sender.send(msg(trids[who], 'U', typing))
            receiver.reply(relayed(account, name, typing))
            trids[who] += 1
            pause(0.3)
            message = mime_text(text)
            sender.send(msg(trids[who], 'A', message))
            receiver.reply(relayed(account, name, message))
            sender.reply(f'ACK {trids[who]}\r\n'.encode())
            trids[who] += 1
            pause(0.4)

        # Bob leaves the conversation, then both sign out.
        bob_sb.send(b'OUT\r\n')
        alice_sb.reply(f'BYE {bob}\r\n'.encode())
        bob_sb.server.close()
        bob_sb.client.close()
        alice_sb.send(b'OUT\r\n')
        alice_sb.server.close()
        alice_sb.client.close()
        alice_ns.reply(f'NLN AWY {bob} {bob_name} 0\r\n'.encode())
        bob_ns.send(b'OUT\r\n')
        bob_ns.server.close()
        bob_ns.client.close()
        alice_ns.reply(f'FLN {bob}\r\n'.encode())
        alice_ns.send(b'OUT\r\n')
        alice_ns.server.close()
        alice_ns.client.close()
        pause(0.3)


# --- Checksums and pcapng ------------------------------------------------------------------------------------------

def ones_complement(data):
    if len(data) % 2:
        data += b'\0'
    total = sum(struct.unpack(f'!{len(data) // 2}H', data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def fix_checksums(frame):
    """Recomputes the IPv4 header checksum and the TCP or UDP checksum of an Ethernet frame."""
    frame = bytearray(frame)
    if frame[12:14] != b'\x08\x00':
        return bytes(frame)
    ip = 14
    ihl = (frame[ip] & 0x0f) * 4
    total = struct.unpack('!H', frame[ip + 2:ip + 4])[0]
    frame[ip + 10:ip + 12] = b'\0\0'
    frame[ip + 10:ip + 12] = struct.pack('!H', ones_complement(bytes(frame[ip:ip + ihl])))
    protocol = frame[ip + 9]
    l4 = ip + ihl
    segment_end = ip + total
    offset = {6: 16, 17: 6}.get(protocol)
    if offset is None or struct.unpack('!H', frame[ip + 6:ip + 8])[0] & 0x3fff:
        return bytes(frame)
    pseudo = bytes(frame[ip + 12:ip + 20]) + struct.pack('!BBH', 0, protocol, segment_end - l4)
    frame[l4 + offset:l4 + offset + 2] = b'\0\0'
    value = ones_complement(pseudo + bytes(frame[l4:segment_end]))
    if protocol == 17 and value == 0:
        value = 0xffff
    frame[l4 + offset:l4 + offset + 2] = struct.pack('!H', value)
    return bytes(frame)


def read_pcap(path):
    data = open(path, 'rb').read()
    magic, _, _, _, _, snaplen, link = struct.unpack('<IHHiIII', data[:24])
    assert magic == 0xa1b2c3d4 and link == 1, 'tcpdump on lo writes microsecond Ethernet pcap'
    at, packets = 24, []
    while at + 16 <= len(data):
        sec, usec, caplen, origlen = struct.unpack('<IIII', data[at:at + 16])
        packets.append((sec * 1_000_000 + usec, data[at + 16:at + 16 + caplen], origlen))
        at += 16 + caplen
    return packets


def block(kind, body):
    body += b'\0' * (-len(body) % 4)
    length = 12 + len(body)
    return struct.pack('<II', kind, length) + body + struct.pack('<I', length)


def option(code, value):
    return struct.pack('<HH', code, len(value)) + value + b'\0' * (-len(value) % 4)


def write_pcapng(path, packets, keylog):
    out = [block(0x0a0d0d0a, struct.pack('<IHHq', 0x1a2b3c4d, 1, 0, -1)
                 + option(4, b'Loupe scripts/make-demo.py') + option(0, b'')),
           block(1, struct.pack('<HHI', 1, 0, 262144) + option(2, b'lo') + option(9, b'\x06') + option(0, b'')),
           # Decryption Secrets Block: the TLS key log, before the packets it decrypts.
           block(0x0000000a, struct.pack('<II', 0x544c534b, len(keylog)) + keylog)]
    for micros, frame, origlen in packets:
        frame = fix_checksums(frame)
        out.append(block(6, struct.pack('<IIIII', 0, micros >> 32, micros & 0xffffffff, len(frame), origlen) + frame))
    with open(path, 'wb') as f:
        f.write(b''.join(out))


def main():
    work = tempfile.mkdtemp()
    raw, keys = os.path.join(work, 'raw.pcap'), os.path.join(work, 'demo.keys')
    capture = subprocess.Popen(['tcpdump', '-i', 'lo', '-s', '0', '-U', '-w', raw, 'net', NET],
                               stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    try:
        dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        dns.bind(DNS)
        resolve(dns, 0x1a2b, 'www.loupe.example')
        http_exchange()
        resolve(dns, 0x2b3c, 'secure.loupe.example')
        tls_session(work, keys)
        resolve(dns, 0x3c4d, 'messenger.hotmail.example')
        msn_chat()
        dns.close()
        time.sleep(1)
    finally:
        capture.terminate()
        capture.wait()
    keylog = open(keys, 'rb').read()
    os.makedirs(DEMO, exist_ok=True)
    write_pcapng(os.path.join(DEMO, 'demo.pcapng'), read_pcap(raw), keylog)
    with open(os.path.join(DEMO, 'demo.keys'), 'wb') as f:
        f.write(keylog)
    print(f'wrote {DEMO}/demo.pcapng ({len(read_pcap(raw))} packets) and demo.keys')


if __name__ == '__main__':
    main()
