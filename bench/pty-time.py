# Milliseconds from starting a command under a pseudo-terminal until `ready` appears in its
# output (or, with no `ready`, until it exits). Used by bench/run.mjs; python3's pty module
# stands in for a terminal so the interactive shell starts as it would for a person.
import fcntl, os, pty, select, signal, struct, sys, termios, time

ready = sys.argv[1].encode() if sys.argv[1] else None
argv = sys.argv[2:]
start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a 120x40 terminal
    os.execvp(argv[0], argv)
seen = b""
while True:
    readable, _, _ = select.select([fd], [], [], 10)
    if not readable:
        break
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    seen += data
    if ready and ready in seen:
        break
elapsed_ms = (time.monotonic() - start) * 1000
try:
    os.kill(pid, signal.SIGKILL)
except ProcessLookupError:
    pass
os.waitpid(pid, 0)
print(f"{elapsed_ms:.3f}" if (ready is None or ready in seen) else "nan")
