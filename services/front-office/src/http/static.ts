// Serves the built web app (dist/web): hashed assets cached for long, every page path answered
// with index.html (the app routes in the browser).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function staticRoutes(app: FastifyInstance, webRoot: string): void {
  const indexFile = path.join(webRoot, 'index.html');
  app.get('/assets/*', async (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    const file = path.resolve(webRoot, 'assets', rel);
    if (!file.startsWith(path.resolve(webRoot, 'assets') + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return reply.code(404).type('text/plain; charset=utf-8').send('Không tìm thấy');
    }
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return reply.type(TYPES[path.extname(file)] ?? 'application/octet-stream').send(fs.createReadStream(file));
  });
  app.setNotFoundHandler(async (req, reply) => {
    if (req.method !== 'GET' || req.url.startsWith('/api/')) {
      return reply.code(404).send({ message: 'Không tìm thấy', fields: [] });
    }
    if (!fs.existsSync(indexFile))
      return reply.code(503).type('text/plain; charset=utf-8').send('Trang web chưa được build (npm run build).');
    reply.header('cache-control', 'no-cache');
    return reply.type(TYPES['.html']).send(fs.createReadStream(indexFile));
  });
}
