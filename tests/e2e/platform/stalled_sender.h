#pragma once

// A client that does what no gRPC library lets one do: it opens raw HTTP/2 connections, starts
// one call on each, announces a large message, sends most of it as fast as the server's flow
// control allows, and then stalls, never finishing the message. It answers the server's pings,
// as a live client would, so keepalive alone does not close it. Python (no HTTP/2 library): the
// frames it needs are few.

namespace escala::testing {

// Usage: python3 stalled_sender.py HOST PORT CONNECTIONS DECLARED_BYTES SENT_BYTES HOLD_SECONDS
// Prints "STALLED i sent=N" once connection i has sent all it will send (or the server stopped
// taking data), "CLOSED i after=SECONDS goaway=0|1 reset=0|1 sent=N" when the server closed it,
// "OPEN i sent=N" for each connection still open after HOLD_SECONDS, and "DONE" last.
inline constexpr char kStalledSender[] = R"(import socket
import struct
import sys
import threading
import time

host, port = sys.argv[1], int(sys.argv[2])
connections, declared, to_send, hold = (int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
                                        float(sys.argv[6]))
out_lock = threading.Lock()

def say(line):
    with out_lock:
        print(line, flush=True)

def frame(kind, flags, stream, payload=b''):
    return struct.pack('>I', len(payload))[1:] + bytes([kind, flags]) + struct.pack('>I', stream) + payload

def literal(name, value):
    # HPACK literal header field without indexing, new name, no Huffman coding.
    name, value = name.encode(), value.encode()
    return b'\x00' + bytes([len(name)]) + name + bytes([len(value)]) + value

def recv_exact(sock, n):
    data = b''
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data

class Connection:
    def __init__(self, index):
        self.index = index
        self.cv = threading.Condition()
        self.conn_window = 65535
        self.stream_window = 65535
        self.sent = 0
        self.goaway = False
        self.reset = False
        self.closed = False
        self.closed_at = None
        self.sock = socket.create_connection((host, port))
        self.send_lock = threading.Lock()

    def send(self, data):
        with self.send_lock:
            self.sock.sendall(data)

    def read_loop(self):
        try:
            while True:
                header = recv_exact(self.sock, 9)
                if header is None:
                    break
                length = int.from_bytes(header[0:3], 'big')
                kind, flags = header[3], header[4]
                stream = int.from_bytes(header[5:9], 'big') & 0x7fffffff
                payload = recv_exact(self.sock, length) if length else b''
                if payload is None:
                    break
                with self.cv:
                    if kind == 4 and not flags & 1:  # SETTINGS
                        for i in range(0, len(payload), 6):
                            ident, value = struct.unpack('>HI', payload[i:i + 6])
                            if ident == 4:  # INITIAL_WINDOW_SIZE
                                self.stream_window += value - 65535
                        self.send(frame(4, 1, 0))
                    elif kind == 8:  # WINDOW_UPDATE
                        increment = struct.unpack('>I', payload)[0] & 0x7fffffff
                        if stream == 0:
                            self.conn_window += increment
                        else:
                            self.stream_window += increment
                    elif kind == 6 and not flags & 1:  # PING: answer, as a live client does
                        self.send(frame(6, 1, 0, payload))
                    elif kind == 7:  # GOAWAY
                        self.goaway = True
                    elif kind == 3:  # RST_STREAM
                        self.reset = True
                    self.cv.notify_all()
        except OSError:
            pass
        with self.cv:
            self.closed = True
            self.closed_at = time.monotonic()
            self.cv.notify_all()

    def run(self):
        self.send(b'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' + frame(4, 0, 0))
        threading.Thread(target=self.read_loop, daemon=True).start()
        block = (literal(':method', 'POST') + literal(':scheme', 'http') +
                 literal(':path', '/escala.v1.PeopleService/UpsertPeople') +
                 literal(':authority', '%s:%d' % (host, port)) +
                 literal('content-type', 'application/grpc') + literal('te', 'trailers'))
        self.send(frame(1, 4, 1, block))  # HEADERS, END_HEADERS
        pending = b'\x00' + struct.pack('>I', declared)
        filler = b'\x0a' * 16384
        try:
            while self.sent < to_send:
                with self.cv:
                    if not self.cv.wait_for(lambda: self.closed or self.reset or
                                            min(self.conn_window, self.stream_window) > 0, 5):
                        break  # the server stopped taking data
                    if self.closed or self.reset:
                        break
                    n = min(16384, self.conn_window, self.stream_window, to_send - self.sent)
                    self.conn_window -= n
                    self.stream_window -= n
                data = (pending + filler)[:n]
                pending = pending[n:] if len(pending) > n else b''
                self.send(frame(0, 0, 1, data))
                self.sent += n
        except OSError:
            pass
        say('STALLED %d sent=%d' % (self.index, self.sent))

started = time.monotonic()
conns = [Connection(i) for i in range(connections)]
senders = [threading.Thread(target=c.run) for c in conns]
for t in senders:
    t.start()
for t in senders:
    t.join()
say('ALL STALLED')
deadline = started + hold
for c in conns:
    with c.cv:
        c.cv.wait_for(lambda: c.closed, max(0, deadline - time.monotonic()))
        if c.closed:
            say('CLOSED %d after=%.1f goaway=%d reset=%d sent=%d' % (
                c.index, c.closed_at - started, c.goaway, c.reset, c.sent))
        else:
            say('OPEN %d sent=%d' % (c.index, c.sent))
say('DONE')
)";

}  // namespace escala::testing
