// The stock y-websocket server for comparison: @y/websocket-server 0.1.1 (the last release for
// yjs 13), no persistence (YPERSISTENCE unset), exactly what its bin/server.js does, except that it
// uses the ws 8 that Samla uses instead of the ws 6 the package bundles as an optional dependency,
// so the comparison measures the Yjs server logic rather than two WebSocket libraries.
// Run `npm run bench -- --stock-bin` to measure the package's own bin instead.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || '1234');

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('okay');
});

wss.on('connection', setupWSConnection);
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, host);

process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
