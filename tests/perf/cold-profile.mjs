// A CPU profile of one cold start of the demo (a fresh Chromium process): where the time
// between navigation and the `accord-interactive` mark goes, by function (self time).
// For names, serve a dist whose main wasm keeps its name section (see PERFORMANCE.md).
//   DIST=/path/to/dist node tests/perf/cold-profile.mjs [runs]
import { serveDist, launchFresh, waitForMark } from '../browser/support.mjs';

const runs = Number(process.argv[2] ?? 3);
const server = await serveDist();
const totals = new Map();
let spans = [];
for (let run = 0; run < runs; run++) {
  const { context, close } = await launchFresh();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(server.url);
  await waitForMark(page, 30000);
  const { profile } = await cdp.send('Profiler.stop');
  const mark = await page.evaluate(() => performance.getEntriesByName('accord-interactive')[0].startTime);
  spans.push(mark);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}`.slice(0, 150);
    totals.set(name, (totals.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  await close();
}
await server.close();
console.log(`# ${runs} cold starts, marks at ${spans.map((s) => s.toFixed(0)).join(', ')} ms; self time per function, ms per run:`);
for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(`${(ms / runs).toFixed(1).padStart(7)}  ${name}`);
