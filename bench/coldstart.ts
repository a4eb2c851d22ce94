// Benchmark: cold start of the server on the embedded database (PGlite) with the demo data.
//
// For each way of starting it, a fresh DATA_DIR: spawn the server, time from spawn to the first
// 200 from GET /api/health (the first start creates the database, migrates and seeds the demo
// district), read the server process's resident memory (VmRSS), stop it; then start it again on the
// same, already seeded DATA_DIR. Every spawned process group is killed at the end, also on errors.
// Nothing is asserted.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StartResult {
  /** spawn → first 200 from /api/health */
  seconds: number;
  /** the server's own "ready in" figure: from its first line of code to listening (imports excluded) */
  serverReadySeconds: number | null;
  /** VmRSS of the server process (the node process running src/main.ts), MB */
  serverRssMB: number;
  /** VmHWM of the server process: its peak resident memory so far, MB */
  serverPeakRssMB: number;
  /** VmRSS summed over the spawned process tree (npx and tsx wrappers included), MB */
  treeRssMB: number;
  processes: number;
}

export interface ColdStartVariant {
  name: string;
  first: StartResult;
  second: StartResult;
}

export interface ColdStartResult {
  variants: ColdStartVariant[];
  /** the faster variant's first start ÷ the slower one's */
  fastestFirstOverSlowest: number;
}

const VARIANTS: { name: string; command: string; args: string[] }[] = [
  { name: 'npx tsx src/main.ts', command: 'npx', args: ['tsx', 'src/main.ts'] },
  { name: 'node --import tsx src/main.ts', command: process.execPath, args: ['--import', 'tsx', 'src/main.ts'] },
];

const live = new Set<ChildProcess>();
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}
// if the benchmark itself is interrupted, take the servers down with it
process.once('exit', () => {
  for (const c of live) killGroup(c, 'SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function readProc(pid: number, file: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** The process and its descendants, parents first, from /proc. */
function processTree(root: number): { pid: number; depth: number; cmdline: string; rssKB: number; hwmKB: number }[] {
  const parent = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = readProc(Number(d), 'stat');
    if (!stat) continue;
    // "pid (comm) state ppid …": comm may contain spaces, so read after the last ')'
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = parent.get(ppid) ?? [];
    list.push(Number(d));
    parent.set(ppid, list);
  }
  const out: { pid: number; depth: number; cmdline: string; rssKB: number; hwmKB: number }[] = [];
  const walk = (pid: number, depth: number) => {
    const status = readProc(pid, 'status');
    if (status === null) return;
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    out.push({ pid, depth, cmdline: (readProc(pid, 'cmdline') ?? '').replace(/\0/g, ' ').trim(), rssKB: rss ? Number(rss[1]) : 0, hwmKB: hwm ? Number(hwm[1]) : 0 });
    for (const c of parent.get(pid) ?? []) walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}

async function startOnce(variant: (typeof VARIANTS)[number], dataDir: string, timeoutMs = 180_000): Promise<StartResult> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'production' };
  delete env.DATABASE_URL; // the embedded database
  delete env.SEED_ON_START;
  delete env.LOG_REQUESTS;
  const t0 = performance.now();
  const child = spawn(variant.command, variant.args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-4000)));
  child.stderr?.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-4000)));
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      live.delete(child);
      resolve();
    }),
  );
  try {
    let seconds = 0;
    for (;;) {
      if (exited !== undefined) throw new Error(`${variant.name} exited (${exited}) before it answered:\n${output}`);
      if (performance.now() - t0 > timeoutMs) throw new Error(`${variant.name} did not answer within ${timeoutMs / 1000} s:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) {
        seconds = (performance.now() - t0) / 1000;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // let the start settle (first requests, timers) before reading memory
    await new Promise((r) => setTimeout(r, 500));
    const tree = processTree(child.pid!);
    const servers = tree.filter((p) => p.cmdline.includes('src/main.ts') && !/\bnpx?\b|npm-cli|npx-cli|\btsx\/dist\/cli/.test(p.cmdline));
    const server = servers.sort((a, b) => b.depth - a.depth)[0] ?? tree.sort((a, b) => b.rssKB - a.rssKB)[0];
    const ready = /ready in ([\d.]+) s/.exec(output);
    return {
      seconds,
      serverReadySeconds: ready ? Number(ready[1]) : null,
      serverRssMB: server.rssKB / 1024,
      serverPeakRssMB: server.hwmKB / 1024,
      treeRssMB: tree.reduce((s, p) => s + p.rssKB, 0) / 1024,
      processes: tree.length,
    };
  } finally {
    killGroup(child, 'SIGTERM');
    const stopped = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
    if (!stopped) {
      killGroup(child, 'SIGKILL');
      await exit;
    }
    // the wrappers may exit before the server: make sure the whole group is gone
    killGroup(child, 'SIGKILL');
  }
}

function describe(r: StartResult): string {
  const ready = r.serverReadySeconds === null ? '' : ` (the server's own "ready in": ${r.serverReadySeconds.toFixed(1)} s)`;
  return `  ${r.seconds.toFixed(2)} s to the first 200${ready}; server RSS ${r.serverRssMB.toFixed(0)} MB, peak ${r.serverPeakRssMB.toFixed(0)} MB; process tree ${r.treeRssMB.toFixed(0)} MB in ${r.processes}`;
}

export async function runColdStart(opts: { log?: (msg: string) => void } = {}): Promise<ColdStartResult> {
  const log = opts.log ?? console.log;
  const variants: ColdStartVariant[] = [];
  for (const v of VARIANTS) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-coldstart-'));
    try {
      log(`${v.name}: first start on a fresh DATA_DIR (creates, migrates and seeds the demo district) …`);
      const first = await startOnce(v, dataDir);
      log(describe(first));
      log(`${v.name}: second start on the same DATA_DIR …`);
      const second = await startOnce(v, dataDir);
      log(describe(second));
      variants.push({ name: v.name, first, second });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const firsts = variants.map((v) => v.first.seconds);
  return { variants, fastestFirstOverSlowest: Math.min(...firsts) / Math.max(...firsts) };
}
