#!/usr/bin/python3
"""Lab traffic agent: real VPN-shaped packets with only Python's standard library.

Runs inside a lab namespace (ip netns exec). The WAN host runs `serve`; LAN hosts run one client command
each, which prints one JSON line with the outcome. Clients exit as soon as they know (reply seen, or deadline).

  serve                                  UDP echo on 500/4500/1701, a PPTP server on TCP 1723 (PAC), echo of
                                         GRE version 1 (PPTP), ESP and AH; prints "ready" when listening
  udp HOST PORT [--sport N]              one datagram (IPv4 or IPv6), wait for the echo
  udp-stream HOST PORT SECONDS           a datagram every 50 ms; prints one JSON line per echo
  raw HOST PROTO                         one raw IP packet (50 ESP, 51 AH), wait for the echo
  gre-send HOST CALL_ID                  three bare GRE v1 packets, no control connection, no reply expected
  pptp HOST CALL_ID [--sport N]          control connection + outgoing call, then GRE with the server's call
                                         ID; passes when GRE comes back carrying our own call ID
"""
import json
import os
import select
import socket
import struct
import sys
import threading
import time

PPTP_PORT = 1723
MAGIC = 0x1A2B3C4D
GRE_PPTP = 0x880B
TIMEOUT = float(os.environ.get("LAB_TIMEOUT", "1.5"))


def out(**fields):
    print(json.dumps(fields), flush=True)


# ---- PPTP control messages (RFC 2637 section 2) ----

def control(msg_type, body):
    length = 12 + len(body)
    return struct.pack("!HHIHH", length, 1, MAGIC, msg_type, 0) + body


def sccrq():  # Start-Control-Connection-Request
    return control(1, struct.pack("!HHIIHH64s64s", 0x0100, 0, 1, 1, 1, 1, b"lab-pns", b"lintas"))


def sccrp():  # Start-Control-Connection-Reply, result 1 = success
    return control(2, struct.pack("!HBBIIHH64s64s", 0x0100, 1, 0, 1, 1, 1, 1, b"lab-pac", b"lintas"))


def ocrq(call_id):  # Outgoing-Call-Request
    return control(7, struct.pack("!HHIIIIHHHH64s64s", call_id, 1, 300, 100000000, 3, 3, 64, 0, 0, 0, b"", b""))


def ocrp(call_id, peer_call_id):  # Outgoing-Call-Reply, result 1 = connected
    return control(8, struct.pack("!HHBBHIHHI", call_id, peer_call_id, 1, 0, 0, 100000000, 64, 0, 0))


def read_message(conn):
    head = recv_exact(conn, 12)
    length, _, magic, msg_type, _ = struct.unpack("!HHIHH", head)
    if magic != MAGIC:
        raise ValueError("bad PPTP magic cookie")
    return msg_type, recv_exact(conn, length - 12)


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data


def gre(call_id, seq, payload):
    # Enhanced GRE (RFC 2637 section 4.1): K and S set, version 1, protocol 0x880B, key = payload length + call ID.
    return struct.pack("!HHHHI", 0x3001, GRE_PPTP, len(payload), call_id, seq) + payload


def parse_gre(packet):
    ihl = (packet[0] & 0x0F) * 4
    src = socket.inet_ntoa(packet[12:16])
    flags, proto, _, call_id, seq = struct.unpack("!HHHHI", packet[ihl:ihl + 12])
    return src, flags, proto, call_id, seq, packet[ihl + 12:]


# ---- server (WAN host) ----

def serve():
    pptp_calls = {}  # our call ID -> the peer's call ID as we saw it (NATed by the router's helper)
    lock = threading.Lock()
    next_call = [0x4000]

    def reply(sock, data, addr):
        # A client the WAN host has no route back to (the router did not NAT it) gets no echo; the echo goes on.
        try:
            sock.sendto(data, addr)
        except OSError:
            pass

    def udp_echo(port):
        # Dual stack: one socket answers IPv4 (as mapped addresses) and IPv6.
        sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("::", port))
        ready.append(port)
        while True:
            data, addr = sock.recvfrom(2048)
            reply(sock, data, addr)

    def raw_echo(proto):
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, proto)
        ready.append(proto)
        while True:
            packet, (src, _) = sock.recvfrom(4096)
            ihl = (packet[0] & 0x0F) * 4
            reply(sock, packet[ihl:], (src, 0))

    def gre_echo():
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
        ready.append("gre")
        while True:
            packet, _ = sock.recvfrom(4096)
            src, flags, proto, call_id, seq, payload = parse_gre(packet)
            if proto != GRE_PPTP or flags & 0x7 != 1:
                continue
            with lock:
                peer = pptp_calls.get(call_id)
            if peer is not None:
                reply(sock, gre(peer, seq, payload), (src, 0))

    def pptp_session(conn):
        with conn:
            try:
                msg_type, _ = read_message(conn)
                if msg_type != 1:
                    return
                conn.sendall(sccrp())
                msg_type, body = read_message(conn)
                if msg_type != 7:
                    return
                (peer_call,) = struct.unpack("!H", body[:2])
                with lock:
                    own = next_call[0]
                    next_call[0] += 1
                    pptp_calls[own] = peer_call
                conn.sendall(ocrp(own, peer_call))
                conn.recv(1)  # keep the control connection open until the client closes it
            except (ConnectionError, ValueError, OSError):
                pass

    def pptp_server():
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("0.0.0.0", PPTP_PORT))
        sock.listen(16)
        ready.append(PPTP_PORT)
        while True:
            conn, _ = sock.accept()
            threading.Thread(target=pptp_session, args=(conn,), daemon=True).start()

    ready = []
    workers = [(udp_echo, 500), (udp_echo, 4500), (udp_echo, 1701), (raw_echo, 50), (raw_echo, 51), (gre_echo, None), (pptp_server, None)]
    for fn, arg in workers:
        threading.Thread(target=fn, args=(() if arg is None else (arg,)), daemon=True).start()
    while len(ready) < len(workers):
        time.sleep(0.01)
    print("ready", flush=True)
    threading.Event().wait()


# ---- clients (LAN hosts) ----

def udp(host, port, sport=0):
    v6 = ":" in host
    sock = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("::" if v6 else "0.0.0.0", sport))
    token = os.urandom(8).hex().encode()
    start = time.monotonic()
    deadline = start + TIMEOUT
    while time.monotonic() < deadline:
        sock.sendto(token, (host, port))  # resend every 200 ms: the first packet may race neighbour discovery
        ready, _, _ = select.select([sock], [], [], min(0.2, max(0, deadline - time.monotonic())))
        if ready:
            data, _ = sock.recvfrom(2048)
            if data == token:
                return out(ok=True, ms=round((time.monotonic() - start) * 1000))
    out(ok=False, reason="no echo")


def udp_stream(host, port, seconds):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setblocking(False)
    end = time.monotonic() + seconds
    seq = 0
    while time.monotonic() < end:
        sock.sendto(str(seq).encode(), (host, port))
        seq += 1
        stop = time.monotonic() + 0.05
        while True:
            ready, _, _ = select.select([sock], [], [], max(0, stop - time.monotonic()))
            if not ready:
                break
            data, _ = sock.recvfrom(2048)
            out(echo=int(data), at=time.time())


def raw(host, proto):
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, proto)
    token = os.urandom(16)
    # ESP starts with SPI + sequence; AH with next header, length, reserved, SPI, sequence. Content is opaque here.
    payload = struct.pack("!II", 0x1000 + proto, 1) + token if proto == 50 else struct.pack("!BBHII", 59, 4, 0, 0x2000, 1) + token
    start = time.monotonic()
    deadline = start + TIMEOUT
    while time.monotonic() < deadline:
        sock.sendto(payload, (host, 0))
        ready, _, _ = select.select([sock], [], [], min(0.2, max(0, deadline - time.monotonic())))
        if ready:
            packet, (src, _) = sock.recvfrom(4096)
            ihl = (packet[0] & 0x0F) * 4
            if src == host and packet[ihl:] == payload:
                return out(ok=True, ms=round((time.monotonic() - start) * 1000))
    out(ok=False, reason="no echo")


def pptp(host, call_id, sport=0):
    start = time.monotonic()
    conn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    conn.settimeout(TIMEOUT)
    try:
        conn.bind(("0.0.0.0", sport))
    except OSError as err:  # a local failure: nothing was sent, so this says nothing about the router
        return out(ok=False, stage="setup", reason=str(err))
    try:
        conn.connect((host, PPTP_PORT))
        conn.sendall(sccrq())
        if read_message(conn)[0] != 2:
            return out(ok=False, stage="control", reason="no Start-Control-Connection-Reply")
        conn.sendall(ocrq(call_id))
        msg_type, body = read_message(conn)
        if msg_type != 8:
            return out(ok=False, stage="control", reason="no Outgoing-Call-Reply")
        server_call, peer_call = struct.unpack("!HH", body[:4])
    except (OSError, ConnectionError, ValueError) as err:
        return out(ok=False, stage="control", reason=str(err) or type(err).__name__)
    gre_sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
    token = os.urandom(8)
    deadline = time.monotonic() + TIMEOUT
    seq = 0
    result = dict(ok=False, stage="gre", reason="no GRE reply", peer_call_id=peer_call, server_call_id=server_call)
    while time.monotonic() < deadline:
        seq += 1
        gre_sock.sendto(gre(server_call, seq, token), (host, 0))
        ready, _, _ = select.select([gre_sock], [], [], min(0.2, max(0, deadline - time.monotonic())))
        if ready:
            src, flags, proto, got_call, _, payload = parse_gre(gre_sock.recv(4096))
            if src == host and proto == GRE_PPTP and payload == token:
                if got_call == call_id:
                    result = dict(ok=True, ms=round((time.monotonic() - start) * 1000), peer_call_id=peer_call, server_call_id=server_call)
                    break
                result["reason"] = f"GRE came back with call ID {got_call}, not ours ({call_id})"
    conn.close()
    out(**result)


def gre_send(host, call_id):
    # GRE on its own, no control connection: used to watch whether any GRE crosses the router at all.
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
    for seq in range(1, 4):
        sock.sendto(gre(call_id, seq, b"lintas-gre-probe"), (host, 0))
        time.sleep(0.05)
    out(sent=3)


def main(argv):
    cmd, args = argv[0], argv[1:]
    opts = {}
    if "--sport" in args:
        i = args.index("--sport")
        opts["sport"] = int(args[i + 1])
        args = args[:i] + args[i + 2:]
    if cmd == "serve":
        serve()
    elif cmd == "udp":
        udp(args[0], int(args[1]), **opts)
    elif cmd == "udp-stream":
        udp_stream(args[0], int(args[1]), float(args[2]))
    elif cmd == "raw":
        raw(args[0], int(args[1]))
    elif cmd == "gre-send":
        gre_send(args[0], int(args[1]))
    elif cmd == "pptp":
        pptp(args[0], int(args[1]), **opts)
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv[1:])
