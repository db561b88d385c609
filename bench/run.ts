/**
 * `npm run bench`: measures Coffer against the fixed-body ceiling and moto_server on loopback, then Coffer's cluster
 * mode and a 1k/10k/100k scale series, prints the tables and the issue's target checks, and writes the results as
 * JSON. The load generator is a separate process pinned to core 0; servers are pinned to core 1 (taskset).
 * Exit code: 0 when the run completed (targets may be missed), 1 when a section of the harness failed.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { coldStart } from './lib/cold-start.js';
import { cpuSnapshot, cpuUsage } from './lib/cpu.js';
import { seedName, type Target } from './lib/jobs.js';
import { LoadGenerator } from './lib/load.js';
import { parseOptions, USAGE, type BenchOptions } from './lib/options.js';
import { ROOT } from './lib/paths.js';
import { hasTaskset, installCleanup, isInterrupted, registerTempDir, removeTempDir, rssMB, stopAll, stopChild } from './lib/processes.js';
import { COLUMNS_NOTE, measurementLine, measurementsTable, ratiosTable, scaleTable, targetLines, warnings } from './lib/report.js';
import type { BenchResults, Measurement, ScalePoint, TargetName } from './lib/results.js';
import { CLUSTER_CONNECTIONS, CONNECTIONS, PUT_PREFIX, PUT_SECRETS, READ_PREFIX, SCALE_CONNECTIONS, scenarioByKey, type Scenario } from './lib/scenarios.js';
import { seedSecrets } from './lib/seed.js';
import { isUnknownOption, motoPython, ServerStartError, startCoffer, startFixedBody, startMoto, type RunningServer } from './lib/servers.js';
import { evaluateTargets } from './lib/targets.js';
import { crossCheckWithSmithy, verifyAgainstServer } from './lib/verify.js';

const startedAt = new Date();
const t0 = performance.now();
const log = (line: string) => process.stdout.write(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

class ServerCrashed extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/** Re-measure (once) a run during which other processes used at least this much of a core... */
const NOISE_RETRY_PCT = 30;
/** ...at most this many times per bench run, to keep the run's length bounded. */
const MAX_NOISE_RETRIES = 8;

class Bench {
  private noiseRetries = 0;
  readonly load: LoadGenerator;
  readonly serverCpu: string | undefined;
  readonly loadCpu: string | undefined;
  readonly results: BenchResults;

  constructor(readonly opts: BenchOptions) {
    const pin = hasTaskset() && availableParallelism() >= 2;
    this.loadCpu = pin ? '0' : undefined;
    this.serverCpu = pin ? '1' : undefined;
    this.load = new LoadGenerator(this.loadCpu);
    this.results = {
      startedAt: startedAt.toISOString(),
      finishedAt: '',
      elapsedS: 0,
      options: { ...opts },
      machine: { cpus: availableParallelism(), node: process.version, taskset: pin, loadCpu: this.loadCpu ?? null, serverCpu: this.serverCpu ?? null, motoAvailable: motoPython() !== undefined },
      signerCheck: '',
      seeding: [],
      measurements: [],
      cluster: { available: null, note: 'not run' },
      scale: [],
      targets: [],
      failures: [],
    };
  }

  /** Runs one section; its failure is recorded and reported, and the run goes on with the next section. */
  async section(name: string, body: () => Promise<void>): Promise<void> {
    if (isInterrupted()) return;
    log(`== ${name}`);
    try {
      await body();
    } catch (error) {
      if (isInterrupted()) return;
      const err = error as Error & { output?: string };
      const output = err.output?.trim() ? err.output.trim().split('\n').slice(-30).join('\n') : undefined;
      this.results.failures.push({ section: name, message: err.message, output });
      log(`!! ${name} failed: ${err.message}${output ? `\n   server output (last lines):\n   ${output.replace(/\n/g, '\n   ')}` : ''}`);
    }
  }

  /**
   * One measurement. When other processes on the machine took a large share of the CPU meanwhile (and the run saw no
   * error, which is never discarded), it is measured once more, within a bounded budget per bench run.
   */
  async measure(server: RunningServer, target: TargetName, scenario: Scenario, connections: number, readCount: number, secrets?: number): Promise<Measurement> {
    let m = await this.measureOnce(server, target, scenario, connections, readCount, secrets);
    if (m.otherCpuPct >= NOISE_RETRY_PCT && !m.flagged && this.noiseRetries < MAX_NOISE_RETRIES) {
      this.noiseRetries++;
      log(`other processes used ${m.otherCpuPct}% of a core during that run: measuring it again`);
      const first = { rps: m.rps, p99: m.latencyMs.p99, otherCpuPct: m.otherCpuPct };
      m = { ...(await this.measureOnce(server, target, scenario, connections, readCount, secrets)), discardedNoisyAttempt: first };
    }
    this.results.measurements.push(m);
    return m;
  }

  private async measureOnce(server: RunningServer, target: TargetName, scenario: Scenario, connections: number, readCount: number, secrets?: number): Promise<Measurement> {
    const t: Target = { port: server.port, credentials: server.credentials };
    const cpuBefore = cpuSnapshot();
    const r = await this.load.load({
      target: t,
      connections,
      durationS: this.opts.durationS,
      warmupS: this.opts.warmupS,
      sequence: scenario.sequence(readCount),
      newConnectionPerRequest: server.newConnectionPerRequest === true,
    });
    const rss = rssMB(server.child.pid);
    const cpu = cpuUsage(cpuBefore, cpuSnapshot(), server.child.pid, this.results.machine.cpus);
    const m: Measurement = {
      scenario: scenario.name,
      target,
      ...(secrets !== undefined ? { secrets } : {}),
      connections,
      rps: r.rps,
      latencyMs: r.latencyMs,
      measuredS: r.measuredS,
      lateConnections: r.lateConnections,
      lastFirstResponseMs: r.lastFirstResponseMs,
      totalResponses: r.totalResponses,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      statusCounts: r.statusCounts,
      samples: r.samples,
      rssMB: rss.mb,
      serverProcesses: rss.processes,
      loadCpuPct: r.loadCpuPct,
      serverCpuPct: cpu.serverPct,
      otherCpuPct: cpu.otherPct,
      flagged: r.non2xx + r.errors + r.timeouts > 0,
    };
    log(measurementLine(m));
    if (server.child.exit !== undefined) {
      this.results.measurements.push(m);
      throw new ServerCrashed(`${server.name} exited during ${scenario.name} @${connections} (code ${server.child.exit.code}, signal ${server.child.exit.signal})`, server.child.output());
    }
    return m;
  }

  async seed(server: RunningServer, label: string, prefix: string, from: number, to: number, concurrency?: number) {
    const report = await seedSecrets(this.load, { port: server.port, credentials: server.credentials }, label, prefix, from, to, log, concurrency);
    this.results.seeding.push(report);
    log(`seeded ${label}: ${report.created} secrets in ${(report.ms / 1000).toFixed(1)} s (${report.perSecond}/s)`);
    return report;
  }

  tempDir(tag: string): string {
    const dir = mkdtempSync(join(tmpdir(), `coffer-bench-${tag}-`));
    registerTempDir(dir);
    return dir;
  }

  scenarios(): Scenario[] {
    return this.opts.scenarios.map(scenarioByKey);
  }

  async ceiling(): Promise<void> {
    const server = await startFixedBody(this.serverCpu);
    try {
      for (const c of CONNECTIONS) await this.measure(server, 'ceiling', scenarioByKey('get'), c, 256);
    } finally {
      await stopChild(server.child);
    }
  }

  /** Coffer, single process: verify the signer, seed, measure every scenario. Leaves its data dir for the cluster. */
  async coffer(dataDir: string): Promise<void> {
    const server = await startCoffer({ dataDir, cpu: this.serverCpu });
    try {
      log(`coffer pid ${server.child.pid} on port ${server.port}, data dir ${dataDir}`);
      await crossCheckWithSmithy(server.credentials, server.port);
      this.results.signerCheck = await verifyAgainstServer(server.credentials, server.port);
      log(this.results.signerCheck);
      await this.seed(server, 'coffer', READ_PREFIX, 0, this.opts.cofferSecrets);
      await this.seed(server, 'coffer put targets', PUT_PREFIX, 0, PUT_SECRETS);
      for (const scenario of this.scenarios()) {
        for (const c of CONNECTIONS) await this.measure(server, 'coffer', scenario, c, this.opts.cofferSecrets);
      }
    } finally {
      await stopChild(server.child);
    }
  }

  async moto(): Promise<void> {
    const server = await startMoto(this.serverCpu);
    try {
      log(`moto pid ${server.child.pid} on port ${server.port}`);
      await this.seed(server, 'moto', READ_PREFIX, 0, this.opts.motoSecrets, 32);
      await this.seed(server, 'moto put targets', PUT_PREFIX, 0, PUT_SECRETS, 32);
      for (const scenario of this.scenarios()) {
        for (const c of CONNECTIONS) await this.measure(server, 'moto', scenario, c, this.opts.motoSecrets);
      }
    } finally {
      await stopChild(server.child);
    }
  }

  /** `coffer dev --workers 2`, unpinned; an older Coffer that does not know --workers is "not available". */
  async cluster(dataDir: string): Promise<void> {
    let server: RunningServer;
    try {
      server = await startCoffer({ dataDir, workers: 2 });
    } catch (error) {
      if (error instanceof ServerStartError && isUnknownOption(error.output)) {
        this.results.cluster = { available: false, note: error.output.trim().split('\n').find((l) => /option/i.test(l)) ?? 'unknown option --workers' };
        log(`cluster mode not available: ${this.results.cluster.note}`);
        return;
      }
      throw error;
    }
    try {
      const tree = rssMB(server.child.pid);
      this.results.cluster = { available: true, note: `--workers 2: ${tree.processes} processes` };
      log(`coffer --workers 2: pid ${server.child.pid}, ${tree.processes} processes, unpinned`);
      for (const c of CLUSTER_CONNECTIONS) await this.measure(server, 'coffer-cluster', scenarioByKey('get'), c, this.opts.cofferSecrets);
    } finally {
      await stopChild(server.child);
    }
  }

  /** Seeds one data dir up to each size, restarts Coffer on it (cold start), measures Get and List at 32 conns. */
  async scale(): Promise<void> {
    const dataDir = this.tempDir('scale');
    let server: RunningServer | undefined = await startCoffer({ dataDir, cpu: this.serverCpu });
    try {
      let stored = 0;
      for (const size of this.opts.scaleSizes) {
        const seeded = await this.seed(server, `scale to ${size.toLocaleString('en-US')}`, READ_PREFIX, stored, size);
        stored = size;
        await stopChild(server.child);
        server = undefined;
        const started = await coldStart(dataDir, seedName(READ_PREFIX, 0), this.serverCpu);
        server = started.server;
        log(`cold start with ${size.toLocaleString('en-US')} secrets: ${started.ms} ms`);
        const point: ScalePoint = { secrets: size, seedMs: seeded.ms, seedPerSecond: seeded.perSecond, coldStartMs: started.ms, rssMB: 0 };
        this.results.scale.push(point);
        point.get = await this.measure(server, 'coffer-scale', scenarioByKey('get'), SCALE_CONNECTIONS, size, size);
        point.list = await this.measure(server, 'coffer-scale', scenarioByKey('list'), SCALE_CONNECTIONS, size, size);
        point.rssMB = rssMB(server.child.pid).mb;
      }
    } finally {
      if (server) await stopChild(server.child);
      removeTempDir(dataDir);
    }
  }

  async run(): Promise<void> {
    const o = this.opts;
    log(
      `coffer bench: ${o.quick ? 'quick, ' : ''}${o.durationS} s per measurement after ${o.warmupS} s warm-up; ` +
        `load generator ${this.loadCpu ? `pinned to core ${this.loadCpu}` : 'unpinned'}, servers ${this.serverCpu ? `pinned to core ${this.serverCpu}` : 'unpinned'}`,
    );
    await this.load.start();
    log(`load worker pid ${this.load.pid}`);
    const main = o.scenarios.length > 0;
    if (main) await this.section('ceiling: fixed-body Node server', () => this.ceiling());
    const dataDir = main || o.cluster ? this.tempDir('main') : undefined;
    if (dataDir && main) await this.section('coffer', () => this.coffer(dataDir));
    if (main && o.moto) {
      if (this.results.machine.motoAvailable) await this.section('moto', () => this.moto());
      else log('moto is not installed (python3 -m moto.server): skipped');
    }
    if (dataDir && o.cluster) {
      if (!main) {
        await this.section('coffer (seeding for the cluster run)', async () => {
          const server = await startCoffer({ dataDir, cpu: this.serverCpu });
          try {
            await this.seed(server, 'coffer', READ_PREFIX, 0, 256);
          } finally {
            await stopChild(server.child);
          }
        });
      }
      await this.section('cluster: coffer dev --workers 2', () => this.cluster(dataDir));
    }
    if (dataDir) removeTempDir(dataDir);
    if (o.scale) await this.section(`scale series: ${o.scaleSizes.map((s) => s.toLocaleString('en-US')).join(' / ')} secrets`, () => this.scale());
    await this.load.stop();
  }

  report(): string {
    const r = this.results;
    r.targets = evaluateTargets(r);
    r.finishedAt = new Date().toISOString();
    r.elapsedS = Math.round((performance.now() - t0) / 100) / 10;
    const out: string[] = ['', '== Results', measurementsTable(r.measurements.filter((m) => m.target !== 'coffer-scale')), COLUMNS_NOTE];
    if (r.measurements.some((m) => m.target === 'coffer')) out.push('', '== Ratios (req/s)', ratiosTable(r.measurements));
    if (r.scale.length > 0) out.push('', '== Scale series (GetSecretValue / ListSecrets @32 conns)', scaleTable(r));
    if (r.seeding.length > 0) {
      out.push('', '== Seeding', ...r.seeding.map((s) => `${s.label}: ${s.created.toLocaleString('en-US')} secrets in ${(s.ms / 1000).toFixed(1)} s (${s.perSecond.toLocaleString('en-US')}/s)`));
    }
    const cluster = r.cluster.available === null ? 'not run' : `${r.cluster.available ? 'measured' : 'not available'} (${r.cluster.note})`;
    out.push('', `cluster mode: ${cluster}`);
    const warn = warnings(r.measurements);
    if (warn.length > 0) out.push('', '== Warnings', ...warn);
    if (r.failures.length > 0) out.push('', '== Failed sections', ...r.failures.map((f) => `!! ${f.section}: ${f.message}`));
    out.push('', '== Targets', targetLines(r.targets), '', `elapsed ${r.elapsedS} s`);
    return out.join('\n');
  }

  write(): string[] {
    const stamp = startedAt.toISOString().replace(/:/g, '-');
    const paths = [join(ROOT, 'bench', 'results', `${stamp}.json`)];
    if (this.opts.jsonPath) paths.push(resolve(this.opts.jsonPath));
    for (const path of paths) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(this.results, null, 2)}\n`);
    }
    return paths;
  }
}

async function main(): Promise<number> {
  let opts: BenchOptions | 'help';
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  installCleanup((signal) => log(`${signal}: stopping every child process`));
  const bench = new Bench(opts);
  try {
    await bench.run();
  } finally {
    await stopAll();
  }
  process.stdout.write(`${bench.report()}\n`);
  for (const path of bench.write()) log(`results written to ${path}`);
  return bench.results.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
