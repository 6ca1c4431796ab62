// Independent Pusher channel signer for the Java signer's cross-check tests: Pusher's own Node.js
// server library (npm pusher) signs each request read from stdin, one JSON object a line:
//   {"socket_id": "1234.5678", "channel": "private-x"}                       -> {"auth": "..."}
//   {"socket_id": "1234.5678", "channel": "presence-x", "presence": {...}}   -> {"auth": "...", "channel_data": "..."}
// Usage: node pusher-oracle.js APP_KEY APP_SECRET. Answers one JSON line per request, in order;
// a request the library refuses answers {"error": "..."}.
'use strict';
const readline = require('readline');
const Pusher = require('pusher');

const [key, secret] = process.argv.slice(2);
if (!key || !secret) {
  console.error('usage: node pusher-oracle.js APP_KEY APP_SECRET');
  process.exit(2);
}
const pusher = new Pusher({ appId: '1', key, secret, cluster: 'eu' });
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (!line.trim()) return;
  let answer;
  try {
    const request = JSON.parse(line);
    answer = pusher.authorizeChannel(request.socket_id, request.channel, request.presence);
  } catch (error) {
    answer = { error: String(error && error.message || error) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
});
