// The timeline of one cold start of a page (a fresh Chromium process), as Chromium's own
// trace records it: requests (the page's and any service worker's), script evaluation,
// the wasm's streaming compile and lazy compiles, calls into the app, style, layout and
// paint, and the first contentful paint, in ms from navigation to the
// `accord-interactive` mark. Asserts nothing; it is how issue #17's worker-install finding
// was made (see PERFORMANCE.md).
//
//   DIST=/path/to/dist node tests/perf/cold-trace.mjs [path, default /] [min ms, default 2]
import { serveDist, launchFresh, waitForMark } from '../browser/support.mjs';

const target = process.argv[2] ?? '';
const minMs = Number(process.argv[3] ?? 2);
const CATEGORIES = ['devtools.timeline', 'v8', 'v8.wasm', 'blink', 'loading', 'blink.user_timing', 'disabled-by-default-devtools.timeline'];
const SHOWN = /^(ResourceSendRequest|ResourceFinish|EvaluateScript|v8\.evaluateModule|v8\.wasm\.compileConsume|wasm\.CompileLazy|wasm\.SyncInstantiate|FunctionCall|UpdateLayoutTree|Layout|Paint|firstContentfulPaint|MarkDOMContent|accord-interactive)$/;

const server = await serveDist();
const { context, close } = await launchFresh();
try {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: CATEGORIES.join(','), transferMode: 'ReportEvents' });
  await page.goto(server.url + target);
  await waitForMark(page, 30000);
  const mark = await page.evaluate(() => performance.getEntriesByName('accord-interactive')[0].startTime);
  await cdp.send('Tracing.end');
  await complete;

  const marked = events.find((e) => e.name === 'accord-interactive');
  const start = marked.ts - mark * 1000;
  // The page's renderer is the process that made the mark (headless Chromium runs its
  // own UI pages in other renderers; they are left out).
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === marked.pid);
  const urls = new Map(events.filter((e) => e.name === 'ResourceSendRequest').map((e) => [e.args.data.requestId, e.args.data.url]));
  console.log(`# ${server.url}${target}: accord-interactive at ${mark.toFixed(0)} ms (M: the page's main thread)`);
  for (const e of events.sort((a, b) => a.ts - b.ts)) {
    if (e.ts < start || e.ts > marked.ts || e.pid !== marked.pid || !SHOWN.test(e.name)) continue;
    const instant = !e.dur;
    if (!instant && e.dur < minMs * 1000) continue;
    const at = ((e.ts - start) / 1000).toFixed(1).padStart(7);
    const took = instant ? '' : `+${(e.dur / 1000).toFixed(1)}`;
    const url = String(e.args?.data?.url ?? urls.get(e.args?.data?.requestId) ?? '').split('/').slice(3).join('/');
    const name = e.name.startsWith('Resource') && !url ? '(the page)' : url;
    console.log(`${at} ${took.padStart(7)} ${e.tid === main?.tid && e.pid === main?.pid ? 'M' : ' '} ${e.name} ${name}`);
  }
} finally {
  await close();
  await server.close();
}
