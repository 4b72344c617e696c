// The gateway benchmark's upstream: a trivial JSON answer, and a 50 MiB download at /big.
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
const BIG = Buffer.alloc(50 * 1024 * 1024, 'a');
const SMALL = '{"ok":true}';

createServer((req, res) => {
  req.resume();
  if (req.url?.startsWith('/big')) {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': BIG.length,
    });
    res.end(BIG);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': SMALL.length });
  res.end(SMALL);
}).listen(port, '127.0.0.1');
