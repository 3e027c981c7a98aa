// Conntrack queries for the catalogue's flows only: listed, counted or deleted by a short Python script that
// talks ctnetlink, because neither the conntrack tool nor Node can ask the kernel to filter.
//
// Measured (e2e/bench/kernel-io.ts; Linux 6.18, conntrack 1.4.7, 2 cores, 262,144 hash buckets shared by all
// namespaces; CPU time of the whole call):
// - conntrack 1.4.7 never asks the kernel to filter. Under strace, `conntrack -L|-D -p udp --orig-port-dst
//   500` (an exact-tuple -D too) sends a bare 20-byte dump request and filters in userspace: with 50,000
//   unrelated entries each call copies all 10.8 MB (~170 ms), so cutting the seven flows took 1.2 s of CPU.
// - The kernel filters a dump itself (CTA_FILTER, Linux 5.8+), but one flow and one family per request, and
//   every request still walks the whole hash table: ~20 ms even when empty, +0.3 us per entry it passes.
//   One unfiltered walk instead copies every entry to the script: ~3.4 us each.
// - The kernel also filters a dump by ct mark (CTA_MARK + CTA_MARK_MASK), for both families at once (AF_UNSPEC),
//   in one walk: strategy "marked", for the connections Lintas's rules marked (ct-mark.ts). 50,000 unrelated
//   entries and 10 flows to find: ~40 ms wall for the whole call, against ~180 ms for one unfiltered walk
//   (e2e/bench/monitor-read.ts, load average ~1.5). Only where those rules are in the kernel: the callers choose.
// Without the mark, the script weighs, per call, 2 x flows filtered walks against one unfiltered walk (counting
// an entry as 4 buckets passed or 45 buckets copied) and does the cheaper. For all seven flows one walk always wins here
// (50,000 entries: 210 ms CPU, against 320 for `conntrack -L` and 520 for 14 filtered walks; an empty table:
// ~23 ms, Python's start included); cutting one protocol in a large table uses the kernel's filter. Filtered
// requests run in parallel threads. Deletes go one by one by tuple and id, so they are exact and counted. The
// script needs only python3-minimal (/usr/bin/python3) and goes with -c, so it runs the same from tsx, a
// bundle or the Next server, with no file to find.
import { VPN_CT_MARK } from "./ct-mark";
import { askKept } from "./ctnetlink-keeper";
import { keepsPrograms, PYTHON } from "./kept-programs";
import { firstLine, type RunResult, type Runner } from "./exec";

/** An IP protocol number and, for TCP/UDP, the original direction's destination port. */
export type ConntrackFilter = { proto: number; port?: number };

const SCRIPT = String.raw`
# _socket, not socket: socket's imports (enum, selectors) double Python's start. threading only when needed.
import _socket, os, struct, sys

NETLINK_NETFILTER, NFNL_CTNETLINK = 12, 1 << 8
MSG_GET, MSG_DELETE = 1, 2
F_REQUEST, F_ACK, F_DUMP = 0x1, 0x4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
CTA_TUPLE_ORIG, CTA_MARK, CTA_ID, CTA_MARK_MASK, CTA_ZONE, CTA_FILTER = 1, 8, 12, 21, 18, 25
VPN_CT_MARK = ${VPN_CT_MARK}
CTA_TUPLE_PROTO, CTA_PROTO_NUM, CTA_PROTO_DST_PORT, CTA_FILTER_ORIG_FLAGS = 2, 1, 3, 1
FILTER_PROTO_NUM, FILTER_DST_PORT, NESTED, ENOENT = 1 << 3, 1 << 5, 0x8000, 2
# What one entry costs, in hash buckets walked (measured on Linux 6.18, see ctnetlink.ts): passing it in a
# filtered walk, and copying and matching it in an unfiltered one.
ENTRY_PASSED, ENTRY_COPIED = 4, 45


class Refused(Exception):
    pass


def attr(kind, payload):
    size = 4 + len(payload)
    return struct.pack("=HH", size, kind) + payload + bytes(-size % 4)


def attrs(data):
    found, at = {}, 0
    while at + 4 <= len(data):
        size, kind = struct.unpack_from("=HH", data, at)
        found[kind & 0x3FFF] = data[at:at + size]
        at += (size + 3) & ~3
    return found


def ask(sock, msg_type, flags, family, payload):
    body = struct.pack("=BBH", family, 0, 0) + payload
    sock.send(struct.pack("=IHHII", 16 + len(body), NFNL_CTNETLINK | msg_type, F_REQUEST | flags, 1, 0) + body)
    while True:
        data, at = sock.recv(65536), 0
        while at < len(data):
            size, kind = struct.unpack_from("=IH", data, at)
            if kind == NLMSG_DONE:
                return
            if kind == NLMSG_ERROR:
                error = -struct.unpack_from("=i", data, at + 16)[0]
                if error:
                    raise Refused(error)
                return
            yield data[at + 16:at + size]
            at += (size + 3) & ~3


def filtered(proto, port):
    tuple_proto, flags = attr(CTA_PROTO_NUM, struct.pack("B", proto)), FILTER_PROTO_NUM
    if port is not None:
        tuple_proto, flags = tuple_proto + attr(CTA_PROTO_DST_PORT, struct.pack(">H", port)), flags | FILTER_DST_PORT
    query = attr(CTA_TUPLE_ORIG | NESTED, attr(CTA_TUPLE_PROTO | NESTED, tuple_proto))
    return query + attr(CTA_FILTER | NESTED, attr(CTA_FILTER_ORIG_FLAGS, struct.pack("=I", flags)))


def marked():
    # Entries whose ct mark has the VPN bit (ct-mark.ts): the kernel compares (mark & MASK) == MARK as it walks.
    mark = struct.pack(">I", VPN_CT_MARK)
    return attr(CTA_MARK, mark) + attr(CTA_MARK_MASK, mark)


def matcher(wanted):
    index = {flow: i for i, flow in enumerate(wanted)}
    unpack = struct.unpack_from

    def port_of(entry):
        # The kernel writes CTA_TUPLE_ORIG first: CTA_TUPLE_IP, then CTA_TUPLE_PROTO with CTA_PROTO_NUM and, for
        # TCP/UDP/GRE, SRC_PORT and DST_PORT. Read that layout at fixed offsets (half the cost of parsing it,
        # which this does only when the layout is not the expected one).
        at = 8 + ((unpack("=H", entry, 8)[0] + 3) & ~3)
        types = [unpack("=H", entry, offset)[0] & 0x3FFF for offset in (6, 10, at + 2, at + 6)]
        if types == [CTA_TUPLE_ORIG, 1, CTA_TUPLE_PROTO, CTA_PROTO_NUM]:
            ported = unpack("=H", entry, at)[0] >= 26 and unpack("=H", entry, at + 22)[0] & 0x3FFF == CTA_PROTO_DST_PORT
            return entry[at + 8], unpack(">H", entry, at + 24)[0] if ported else None
        proto = attrs(attrs(attrs(entry[4:])[CTA_TUPLE_ORIG][4:])[CTA_TUPLE_PROTO][4:])
        port = proto.get(CTA_PROTO_DST_PORT)
        return proto[CTA_PROTO_NUM][4], unpack(">H", port, 4)[0] if port else None

    def match(entry):
        number, port = port_of(entry)
        found = index.get((number, port)) if port is not None else None
        return index.get((number, None)) if found is None else found

    return match


def delete(sock, entry):
    found = attrs(entry[4:])
    try:
        list(ask(sock, MSG_DELETE, F_ACK, entry[0], b"".join(found[k] for k in (CTA_TUPLE_ORIG, CTA_ID, CTA_ZONE) if k in found)))
        return 1
    except Refused as refused:
        if refused.args[0] == ENOENT:  # the entry ended between the dump and the delete
            return 0
        raise


def query(mode, limit, family, payload, match, what):
    try:
        sock = _socket.socket(_socket.AF_NETLINK, _socket.SOCK_RAW, NETLINK_NETFILTER)
        try:
            found = [(i, entry) for entry in ask(sock, MSG_GET, F_DUMP, family, payload) for i in (match(entry),) if i is not None]
            if mode == "list":
                kept, lines = {}, []
                for i, entry in found:
                    kept[i] = kept.get(i, 0) + 1
                    if not limit or kept[i] <= limit:
                        lines.append("%d %s\n" % (i, entry.hex()))
                return lines, None
            tally = {}
            for i, entry in found:
                tally[i] = tally.get(i, 0) + (delete(sock, entry) if mode == "delete" else 1)
            return ["%d %d\n" % item for item in tally.items()], None
        finally:
            sock.close()
    except Exception as error:
        code = error.args[0] if isinstance(error, Refused) else getattr(error, "errno", None)
        return [], "%s: %s\n" % (what, os.strerror(code) if code else repr(error))


def sysctl(name):
    try:
        with open("/proc/sys/net/netfilter/" + name) as file:
            return int(file.read())
    except OSError:
        return 0


def answer(mode, strategy, limit, words):
    wanted = [(int(proto), int(port) if port else None) for proto, _, port in (word.partition(":") for word in words)]
    # The kernel's filter takes one flow and one family per walk of its whole hash table; one unfiltered walk
    # copies every entry instead. Whichever costs less here (see ctnetlink.ts).
    buckets, entries = sysctl("nf_conntrack_buckets"), sysctl("nf_conntrack_count")
    in_kernel = 2 * len(wanted) * (buckets + ENTRY_PASSED * entries) < buckets + ENTRY_COPIED * entries
    if strategy == "marked":
        # One walk, both families (AF_UNSPEC), the kernel keeping only the marked entries: few, whatever the table holds.
        jobs = [(mode, limit, _socket.AF_UNSPEC, marked(), matcher(wanted), "the marked connections")]
    elif strategy == "filter" or (strategy == "auto" and in_kernel):
        jobs = []
        for i, (proto, port) in enumerate(wanted):
            for family in (_socket.AF_INET, _socket.AF_INET6):
                what = "protocol %d%s, IPv%d" % (proto, "" if port is None else " port %d" % port, 4 if family == _socket.AF_INET else 6)
                jobs.append((mode, limit, family, filtered(proto, port), lambda entry, i=i: i, what))
    else:
        jobs = [(mode, limit, _socket.AF_UNSPEC, b"", matcher(wanted), "the connection table")]
    if len(jobs) == 1:
        results = [query(*jobs[0])]
    else:
        import threading

        results = [([], None)] * len(jobs)

        def work(position):
            results[position] = query(*jobs[position])

        threads = [threading.Thread(target=work, args=(position,)) for position in range(len(jobs))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return [line for lines, _ in results for line in lines], "".join(error for _, error in results if error)


def main(mode, strategy, limit, words):
    lines, errors = answer(mode, strategy, limit, words)
    sys.stderr.write(errors)
    sys.stdout.write("".join(lines))
    return 1 if errors else 0


def serve():
    # Kept by a long-running panel: one request a line ("ID MODE STRATEGY LIMIT FLOW..."), each answered in its
    # own thread, so a long listing never holds up a count. Every answer line starts with the request's id:
    # "ID +LINE" (what the one-shot prints), "ID !ERROR", then "ID =EXIT_CODE" last. Written a block at a time,
    # so a big listing streams. The panel gone (stdin closed): exit at once, whatever is still running.
    import threading

    lock = threading.Lock()

    def send(text):
        with lock:
            sys.stdout.write(text)
            sys.stdout.flush()

    def work(ident, words):
        try:
            lines, errors = answer(words[0], words[1], int(words[2]), words[3:])
        except Exception as error:
            lines, errors = [], "bad request %r: %r\n" % (" ".join(words), error)
        for start in range(0, len(lines), 256):
            send("".join("%s +%s" % (ident, line) for line in lines[start:start + 256]))
        send("".join("%s !%s\n" % (ident, line) for line in errors.splitlines()) + "%s =%d\n" % (ident, 1 if errors else 0))

    for request in iter(sys.stdin.readline, ""):
        words = request.split()
        if words:
            threading.Thread(target=work, args=(words[0], words[1:]), daemon=True).start()
    os._exit(0)


if sys.argv[1] == "--serve":
    serve()
# --when-told: started ahead, so Python's start overlaps the caller's work; the flows come on stdin after "go".
# Anything else (nothing to do after all, the caller failed or died) ends the script with nothing done.
if sys.argv[1] == "--when-told":
    told = sys.stdin.readline().split()
    sys.exit(main(sys.argv[2], sys.argv[3], int(sys.argv[4]), told[1:]) if len(told) > 1 and told[0] == "go" else 0)
sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]))
`;

/**
 * How the kernel is asked: "filter" walks its table once per flow and family and sends only the matches;
 * "walk" walks it once and sends every entry; "auto" picks the cheaper for the table's size (the default);
 * "marked" walks it once and sends only the entries Lintas's rules marked (VPN_CT_MARK): right only where those
 * rules are in the kernel (an entry they never saw is not found).
 */
export type Strategy = "auto" | "filter" | "walk" | "marked";

type Mode = "list" | "count" | "delete";

/** Filters still to come (a promise): Python starts now, and queries once they are known (none: nothing done). */
type Filters = readonly ConntrackFilter[] | Promise<readonly ConntrackFilter[]>;

/**
 * `limit` (list only): at most this many entries per filter and family; 0 = all. A long-running panel asks the
 * script it keeps (ctnetlink-keeper.ts); anything else starts the script for this query.
 */
function runScript(runner: Runner, mode: Mode, filters: Filters, strategy: Strategy, limit = 0): Promise<RunResult> {
  const flows = (known: readonly ConntrackFilter[]) => known.map((f) => (f.port === undefined ? String(f.proto) : `${f.proto}:${f.port}`));
  const words = (known: readonly ConntrackFilter[]) => [mode, strategy, String(limit), ...flows(known)];
  const script = [PYTHON, "-I", "-S", "-c", SCRIPT];
  const oneShot = (known: readonly ConntrackFilter[]) => () => runner.run([...script, ...words(known)]);
  if (keepsPrograms(runner)) {
    // Filters still to come are waited for here: a kept script has no start to overlap.
    const later = filters instanceof Promise;
    return Promise.resolve(filters).then((known) =>
      later && known.length === 0 ? NOTHING_DONE : askKept(runner, [...script, "--serve"], words(known), oneShot(known)),
    );
  }
  if (!(filters instanceof Promise)) return oneShot(filters)();
  const told = filters.then((known) => (known.length > 0 ? `go ${flows(known).join(" ")}\n` : ""));
  return runner.run([...script, "--when-told", mode, strategy, String(limit)], told);
}

const NOTHING_DONE: RunResult = { code: 0, stdout: "", stderr: "" };

async function checked(runner: Runner, mode: Mode, filters: Filters, strategy: Strategy, limit = 0) {
  const result = await runScript(runner, mode, filters, strategy, limit);
  if (result.code !== 0) throw new Error(`cannot ask the kernel for conntrack entries: ${firstLine(result.stderr) || `exit ${result.code}`}`);
  return result.stdout.split("\n").filter(Boolean).map((line) => line.split(" ") as [string, string]);
}

/**
 * The entries matching each filter (both families), as the kernel's netlink messages (nfgenmsg + attributes);
 * with `limit`, at most that many per filter (the script drops the rest before they are copied out).
 */
export async function conntrackList(runner: Runner, filters: readonly ConntrackFilter[], strategy: Strategy = "auto", limit?: number): Promise<Buffer[][]> {
  const entries: Buffer[][] = filters.map(() => []);
  for (const [index, hex] of await checked(runner, "list", filters, strategy, limit)) {
    const found = entries[Number(index)]!;
    if (limit === undefined || found.length < limit) found.push(Buffer.from(hex, "hex"));
  }
  return entries;
}

/** How many entries match each filter (count), or how many were deleted (delete). */
export async function conntrackTally(runner: Runner, mode: "count" | "delete", filters: Filters, strategy: Strategy = "auto"): Promise<number[]> {
  const rows = await checked(runner, mode, filters, strategy);
  const tally = (await filters).map(() => 0);
  for (const [index, n] of rows) tally[Number(index)]! += Number(n);
  return tally;
}

/** Proves Python runs and the kernel filters a conntrack query here (IP protocol 255 matches nothing). */
export function probeConntrackQuery(runner: Runner) {
  return runScript(runner, "count", [{ proto: 255 }], "filter");
}
