// Reference RealtimeX-compatible server on real socket.io 4.x, for the Java client's interop tests.
// Usage: node realtimex-server.js PORT APP_KEY APP_SECRET API_KEY [PING_INTERVAL_MS PING_TIMEOUT_MS]
// Prints "ready <port>" when listening on 127.0.0.1. Admin HTTP routes (tests only):
//   POST /admin/publish {channel, event, data}   -> server-event to the channel
//        optional "to": a socket id: send to that socket whether or not it is in the channel (tests of
//          events that arrive after the client left, as when they cross its unsubscribe on the wire)
//        optional "count": send count events in one go, data {seq: 0..count-1} merged into each
//   POST /admin/kick                              -> disconnect every socket (io server disconnect)
//   GET  /admin/frames                            -> every Socket.IO packet received, in order
//   GET  /admin/sockets                           -> {socketId: [rooms other than its own]} of connected sockets
'use strict';
const http = require('http');
const crypto = require('crypto');
const { Server } = require('socket.io');

const [port, appKey, appSecret, apiKey] = process.argv.slice(2, 6);
const pingInterval = Number(process.argv[6] || 1500);
const pingTimeout = Number(process.argv[7] || 1000);
const CHANNEL = /^[-a-zA-Z0-9_=@,.;]{1,164}$/;
const frames = [];
const presence = new Map(); // channel -> Map(user_id -> {info, sockets:Set})

function verify(socketId, channel, auth, channelData) {
  if (typeof auth !== 'string') return false;
  const colon = auth.indexOf(':');
  if (colon < 0 || auth.slice(0, colon) !== appKey) return false;
  const toSign = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  const expected = Buffer.from(crypto.createHmac('sha256', appSecret).update(toSign).digest('hex'));
  const given = Buffer.from(auth.slice(colon + 1));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

function readBody(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => resolve(body ? JSON.parse(body) : {}));
  });
}

const server = http.createServer(async (req, res) => {
  if (req.method === 'POST' && req.url === '/admin/publish') {
    const m = await readBody(req);
    const target = typeof m.to === 'string' ? io.to(m.to) : io.to(m.channel);
    if (m.count === undefined) {
      target.emit('server-event', { channel: m.channel, event: m.event, data: m.data });
    } else {
      for (let seq = 0; seq < m.count; seq++) {
        target.emit('server-event', { channel: m.channel, event: m.event, data: { ...m.data, seq } });
      }
    }
    res.end('{}');
  } else if (req.method === 'POST' && req.url === '/admin/kick') {
    io.disconnectSockets(true);
    res.end('{}');
  } else if (req.method === 'GET' && req.url === '/admin/frames') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(frames));
  } else if (req.method === 'GET' && req.url === '/admin/sockets') {
    const sockets = {};
    for (const [id, socket] of io.of('/').sockets) sockets[id] = [...socket.rooms].filter((room) => room !== id);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(sockets));
  } else if (!req.url.startsWith('/socket.io/')) {
    res.statusCode = 404;
    res.end();
  }
});

const io = new Server(server, { transports: ['websocket'], pingInterval, pingTimeout, serveClient: false });

io.use((socket, next) => {
  if (socket.handshake.query.api_key !== apiKey) {
    next(new Error('invalid api_key'));
  } else {
    next();
  }
});

function leavePresence(socket, channel) {
  const members = presence.get(channel);
  const userId = socket.data.presence && socket.data.presence[channel];
  if (!members || userId === undefined) return;
  delete socket.data.presence[channel];
  const member = members.get(userId);
  if (!member) return;
  member.sockets.delete(socket.id);
  if (member.sockets.size === 0) {
    members.delete(userId);
    io.to(channel).emit('realtimex_internal:member_removed', { channel, user_id: userId });
  }
}

io.on('connection', (socket) => {
  socket.data.presence = {};
  socket.onAny((event, payload) => frames.push({ socket: socket.id, event, payload }));
  socket.on('realtimex:subscribe', (payload) => {
    const channel = payload && payload.channel;
    if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
      socket.emit('realtimex_internal:subscription_error', { channel, error: 'invalid channel name' });
      return;
    }
    const isPresence = channel.startsWith('presence-');
    if (channel.startsWith('private-') || isPresence) {
      const channelData = isPresence ? payload.channel_data : undefined;
      if ((isPresence && typeof channelData !== 'string') || !verify(socket.id, channel, payload.auth, channelData)) {
        socket.emit('realtimex_internal:subscription_error', { channel, error: 'invalid signature', status: 401 });
        return;
      }
      if (isPresence) {
        let data;
        try { data = JSON.parse(channelData); } catch (e) { data = null; }
        if (!data || data.user_id === undefined) {
          socket.emit('realtimex_internal:subscription_error', { channel, error: 'channel_data needs user_id' });
          return;
        }
        const userId = String(data.user_id);
        if (!presence.has(channel)) presence.set(channel, new Map());
        const members = presence.get(channel);
        const isNew = !members.has(userId);
        if (isNew) members.set(userId, { info: data.user_info || {}, sockets: new Set() });
        members.get(userId).sockets.add(socket.id);
        socket.data.presence[channel] = userId;
        socket.join(channel);
        const hash = {};
        for (const [id, m] of members) hash[id] = m.info;
        socket.emit('realtimex_internal:subscription_succeeded',
          { channel, socket_id: socket.id, presence: { ids: Object.keys(hash), hash, count: members.size } });
        if (isNew) {
          socket.to(channel).emit('realtimex_internal:member_added',
            { channel, user_id: userId, user_info: data.user_info || {} });
        }
        return;
      }
    }
    socket.join(channel);
    socket.emit('realtimex_internal:subscription_succeeded', { channel, socket_id: socket.id });
  });
  socket.on('realtimex:unsubscribe', (payload) => {
    const channel = payload && payload.channel;
    if (typeof channel !== 'string') return;
    leavePresence(socket, channel);
    socket.leave(channel);
  });
  socket.on('client-event', (payload) => {
    if (!payload || typeof payload.channel !== 'string' || typeof payload.event !== 'string') return;
    const { channel, event, data } = payload;
    const privileged = channel.startsWith('private-') || channel.startsWith('presence-');
    if (!privileged || !event.startsWith('client-') || !socket.rooms.has(channel)) return;
    socket.to(channel).emit('server-event', { channel, event, data });
  });
  socket.on('realtimex:ping', () => socket.emit('realtimex:pong', { time: Date.now() }));
  socket.on('disconnecting', () => {
    for (const channel of Object.keys(socket.data.presence)) leavePresence(socket, channel);
  });
});

server.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
