# Drives the interactive shell under a pseudo-terminal (a 120x40 terminal, as pty-time.py) for
# bench/interactive.mjs, printing one JSON line:
#   command READY LINE RUNS argv...   types LINE (then Enter) RUNS times, each once READY (the
#                                     prompt) shows; the milliseconds from Enter until the prompt
#                                     shows again after the output: {"ms": [...]}
#   cpu READY LINE SECONDS argv...    types LINE once READY shows (a live pane: `top`), lets it
#                                     run a second, then measures the process's CPU time (user +
#                                     system, all its threads, from /proc) over SECONDS of wall
#                                     time: {"cpu": fraction of one core, "bytes": output drawn}
# The terminal's output is read all the time, as a terminal would, so the shell never waits on it.
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

TIMEOUT_S = 60
mode, ready, line, amount = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode(), float(sys.argv[4])
argv = sys.argv[5:]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    os.execvp(argv[0], argv)

seen = bytearray()


def read_for(seconds):
    """Reads whatever comes for `seconds`; the bytes read."""
    end = time.monotonic() + seconds
    got = 0
    while (left := end - time.monotonic()) > 0:
        readable, _, _ = select.select([fd], [], [], left)
        if readable:
            data = os.read(fd, 65536)
            seen.extend(data)
            got += len(data)
    return got


def wait_for(text, start_at):
    """Reads until `text` shows at or after offset `start_at`; the offset just past it."""
    deadline = time.monotonic() + TIMEOUT_S
    while (found := seen.find(text, start_at)) < 0:
        readable, _, _ = select.select([fd], [], [], max(deadline - time.monotonic(), 0))
        if not readable:
            raise SystemExit(f"no '{text.decode()}' within {TIMEOUT_S} s")
        seen.extend(os.read(fd, 65536))
    return found + len(text)


def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


try:
    wait_for(ready, 0)
    if mode == "command":
        times = []
        for _ in range(int(amount)):
            read_for(0.3)  # let the prompt settle
            mark = len(seen)
            start = time.monotonic()
            os.write(fd, line + b"\r")
            echoed = wait_for(line, mark)  # the prompt line with what was typed
            wait_for(ready, echoed)  # the next prompt, after the output
            times.append((time.monotonic() - start) * 1000)
        print(json.dumps({"ms": times}))
    else:
        os.write(fd, line + b"\r")
        read_for(1.0)
        before, wall = cpu_seconds(), time.monotonic()
        drawn = read_for(amount)
        used, wall = cpu_seconds() - before, time.monotonic() - wall
        print(json.dumps({"cpu": used / wall, "bytes": drawn}))
finally:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
