import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// `next start` runs the server in a child of the CLI process: the process to measure is the one
// in the tree that holds the listening socket, found through /proc (Linux only).

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Parent pid of every process, from /proc/<pid>/stat. */
function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    // The command name is in parentheses and may itself hold spaces or parentheses.
    const rest = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(rest?.[1]);
    if (Number.isInteger(ppid)) parents.set(Number(name), ppid);
  }
  return parents;
}

export function processTree(rootPid: number): number[] {
  const parents = parentPids();
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
}

/** Inodes of sockets listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (readText(table) ?? '').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      if (!local || cols[3] !== '0A') continue;
      if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && cols[9])
        inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The pid in `rootPid`'s tree that listens on `port`, or null. */
export function findListeningPid(rootPid: number, port: number): number | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const pid of processTree(rootPid)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && inodes.has(inode)) return pid;
    }
  }
  return null;
}

/** A `Vm*` line of /proc/<pid>/status in bytes (VmHWM: peak resident set; VmRSS: current). */
export function readVm(pid: number, field: 'VmHWM' | 'VmRSS' | 'RssAnon' | 'RssFile'): number {
  const status = readText(`/proc/${pid}/status`) ?? '';
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  return kb ? Number(kb) * 1024 : NaN;
}

/** CPU time (user + system) the process has used, in ms, from /proc/<pid>/stat (10 ms ticks). */
export function cpuMs(pid: number): number {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return NaN;
  // After "(comm) ": field 3 (state) is rest[0], so utime (14) and stime (15) are rest[11], rest[12].
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(rest[11]) + Number(rest[12]);
  return (ticks * 1000) / 100;
}
