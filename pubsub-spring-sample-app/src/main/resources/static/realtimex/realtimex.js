// A minimal RealtimeX client for browsers: Engine.IO v4 / Socket.IO v5 over a plain WebSocket,
// channel signatures from the application's /pubsub/auth endpoint (form-encoded, as pusher-js).
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const members = new Map();
  let socket = null;
  let socketId = null;
  let authEndpoint = '/pubsub/auth';

  function log(text) {
    const line = document.createElement('div');
    line.textContent = new Date().toLocaleTimeString() + ' ' + text;
    $('log').prepend(line);
  }

  function emit(event, payload) {
    socket.send('42' + JSON.stringify([event, payload]));
  }

  function renderMembers() {
    const list = $('members');
    list.replaceChildren();
    for (const [id, info] of members) {
      const item = document.createElement('li');
      item.className = 'member';
      item.textContent = (info && info.name) || id;
      list.append(item);
    }
  }

  async function subscribe(channel) {
    const body = new URLSearchParams({ socket_id: socketId, channel_name: channel });
    const response = await fetch(authEndpoint, { method: 'POST', body, credentials: 'same-origin' });
    if (!response.ok) {
      log('auth refused for ' + channel + ': ' + response.status);
      return;
    }
    const auth = await response.json();
    const payload = { channel, auth: auth.auth };
    if (auth.channel_data) {
      payload.channel_data = auth.channel_data;
      $('me').textContent = JSON.parse(auth.channel_data).user_id;
    }
    emit('realtimex:subscribe', payload);
  }

  function onEvent(name, payload) {
    if (name === 'realtimex_internal:subscription_succeeded') {
      log('subscribed to ' + payload.channel);
      if (payload.presence) {
        for (const [id, info] of Object.entries(payload.presence.hash)) members.set(id, info);
        renderMembers();
      }
    } else if (name === 'realtimex_internal:subscription_error') {
      log('subscription error on ' + payload.channel + ': ' + payload.error);
    } else if (name === 'realtimex_internal:member_added') {
      members.set(String(payload.user_id), payload.user_info);
      renderMembers();
      log('member added: ' + payload.user_id);
    } else if (name === 'realtimex_internal:member_removed') {
      members.delete(String(payload.user_id));
      renderMembers();
      log('member removed: ' + payload.user_id);
    } else if (name === 'server-event') {
      if (payload.event === 'client-message') {
        const item = document.createElement('li');
        item.className = 'message';
        item.textContent = payload.data.from + ': ' + payload.data.text;
        $('messages').append(item);
      }
      log(payload.channel + ' ' + payload.event);
    }
  }

  async function start() {
    const config = await (await fetch('/realtimex/config')).json();
    authEndpoint = config.authEndpoint;
    socket = new WebSocket(config.url + '?api_key=' + encodeURIComponent(config.apiKey) + '&EIO=4&transport=websocket');
    socket.onmessage = (message) => {
      const frame = message.data;
      if (frame[0] === '0') {
        socket.send('40');
      } else if (frame === '2') {
        socket.send('3');
      } else if (frame.startsWith('40')) {
        socketId = JSON.parse(frame.slice(2)).sid;
        $('status').textContent = 'connected';
        $('socket-id').textContent = socketId;
        subscribe('presence-lobby');
        subscribe('private-chat');
      } else if (frame.startsWith('44')) {
        $('status').textContent = 'refused: ' + JSON.parse(frame.slice(2)).message;
      } else if (frame.startsWith('42')) {
        const [name, payload] = JSON.parse(frame.slice(2));
        onEvent(name, payload);
      }
    };
    socket.onclose = () => { $('status').textContent = 'disconnected'; };
  }

  $('send').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('text').value;
    if (!text || !socketId) return;
    emit('client-event', { channel: 'private-chat', event: 'client-message', data: { from: $('me').textContent, text } });
    const item = document.createElement('li');
    item.className = 'message mine';
    item.textContent = 'me: ' + text;
    $('messages').append(item);
    $('text').value = '';
  });

  start().catch((error) => log('failed: ' + error));
})();
