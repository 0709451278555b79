import { chromium } from 'playwright-core';
import http from 'node:http';
const args = process.argv.slice(2);
(async () => {
  const srv = http.createServer((q, r) => { r.end('<html><body>hi</body></html>'); }).listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as any).port;
  const t0 = Date.now();
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
  const p = await b.newPage();
  await p.goto(`http://127.0.0.1:${port}/`);
  const r = await p.evaluate(async () => { const g = (navigator as any).gpu; if (!g) return 'no navigator.gpu'; const a = await g.requestAdapter(); return a ? JSON.stringify(a.info ?? {}) : 'no adapter'; });
  console.log(r, Date.now() - t0, 'ms');
  await b.close(); srv.close();
})();
