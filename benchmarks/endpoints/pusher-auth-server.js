// Baseline for the /pubsub/auth benchmark: what a team would otherwise deploy, Pusher's own Node.js server
// library (npm pusher, pinned as in interop/socketio) behind a minimal node:http endpoint. It takes the same
// request as our endpoint (POST, JSON body {"socket_id": "...", "channel_name": "..."}, a bearer header it
// does not check, like an app behind its own auth) and answers pusher.authorizeChannel(...) as JSON.
// Usage: node pusher-auth-server.js PORT APP_KEY APP_SECRET (prints "PUSHER-AUTH port=<port>" when listening).
'use strict';
const http = require('http');
const Pusher = require('pusher');

const [port, key, secret] = process.argv.slice(2);
if (!port || !key || !secret) {
  console.error('usage: node pusher-auth-server.js PORT APP_KEY APP_SECRET');
  process.exit(2);
}
const pusher = new Pusher({ appId: '1', key, secret, cluster: 'eu' });
const MAX_BODY = 4096;
const server = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => {
    body += chunk;
    if (body.length > MAX_BODY) {
      response.writeHead(413).end();
      request.destroy();
    }
  });
  request.on('end', () => {
    let answer;
    try {
      const parsed = JSON.parse(body);
      const presence = parsed.channel_name.startsWith('presence-')
        ? { user_id: String(request.headers['x-bench-user'] || 'anonymous') } : undefined;
      answer = JSON.stringify(pusher.authorizeChannel(parsed.socket_id, parsed.channel_name, presence));
    } catch (error) {
      response.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) });
    response.end(answer);
  });
});
server.keepAliveTimeout = 60000;
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`PUSHER-AUTH port=${server.address().port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
