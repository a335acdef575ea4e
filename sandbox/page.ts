/**
 * The web page at /sandbox/: each instance's chats as a phone would show them, a form to make a
 * contact send a message (text, file upload or link, location, poll, ...), and the latest
 * notifications. Plain HTML and JS, no external assets; refreshes on server-sent events.
 */

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #e9edef; color: #111b21; }
header { display: flex; gap: 12px; align-items: center; padding: 10px 16px; background: #00a884; color: #fff; flex-wrap: wrap; }
header h1 { font-size: 17px; margin: 0 12px 0 0; }
header select, header button { font: inherit; }
.badge { padding: 2px 8px; border-radius: 10px; background: rgba(255,255,255,.25); }
main { display: grid; grid-template-columns: 280px 1fr 320px; height: calc(100vh - 52px); }
aside, section { overflow: auto; background: #fff; border-right: 1px solid #d1d7db; }
.chat { padding: 10px 12px; border-bottom: 1px solid #f0f2f5; cursor: pointer; display: flex; justify-content: space-between; gap: 6px; }
.chat:hover, .chat.active { background: #f0f2f5; }
.chat .name { font-weight: 600; }
.chat .last { color: #667781; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 200px; }
.unread { background: #25d366; color: #fff; border-radius: 10px; padding: 0 7px; font-size: 12px; height: 18px; }
#conversation { background: #efeae2; display: flex; flex-direction: column; }
#messages { flex: 1; overflow: auto; padding: 12px 8%; }
.msg { max-width: 75%; margin: 4px 0; padding: 6px 9px; border-radius: 8px; background: #fff; box-shadow: 0 1px 0.5px rgba(0,0,0,.13); word-wrap: break-word; white-space: pre-wrap; }
.msg.outgoing { margin-left: auto; background: #d9fdd3; }
.msg .meta { font-size: 11px; color: #667781; text-align: right; margin-top: 2px; }
.msg .who { font-size: 12px; font-weight: 600; color: #027eb5; }
.msg img { max-width: 240px; max-height: 240px; display: block; border-radius: 6px; }
.msg .kind { font-size: 11px; color: #667781; }
.msg.deleted { font-style: italic; color: #667781; }
.quote { border-left: 3px solid #06cf9c; background: rgba(0,0,0,.05); padding: 3px 6px; margin-bottom: 4px; font-size: 12px; border-radius: 4px; }
.tick.read { color: #53bdeb; }
form { padding: 10px; background: #f0f2f5; display: grid; gap: 6px; grid-template-columns: 1fr 1fr; }
form .wide { grid-column: 1 / -1; }
form input, form select, form textarea, form button { font: inherit; padding: 6px; border: 1px solid #d1d7db; border-radius: 6px; width: 100%; }
form button { background: #00a884; color: #fff; border: 0; cursor: pointer; }
.panel { padding: 10px 12px; }
.panel h2 { font-size: 14px; margin: 12px 0 6px; }
.notification { font-size: 12px; border-bottom: 1px solid #f0f2f5; padding: 4px 0; }
.state-pending { color: #b7791f; } .state-delivered { color: #15803d; } .state-suppressed { color: #9ca3af; } .state-deleted { color: #2563eb; }
.muted { color: #667781; font-size: 12px; }
#qr img { width: 200px; image-rendering: pixelated; }
.msg a { color: #027eb5; }
.msg .head { font-weight: 600; }
.msg .buttons { display: flex; flex-direction: column; margin: 6px -9px -2px; white-space: normal; }
.msg .wa-button { display: block; text-align: center; padding: 7px 6px; border-top: 1px solid rgba(0,0,0,.08); color: #027eb5; text-decoration: none; font-weight: 500; }
.msg a.wa-button:hover { background: rgba(0,0,0,.04); }
button.small { font-size: 12px; padding: 3px 8px; }
`;

const SCRIPT = `
const $ = (s) => document.querySelector(s);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
let info = null, current = null, chats = [], chatId = null, refreshing = null;

async function api(path, options = {}) {
  const res = await fetch('/sandbox/' + path, { headers: { 'Content-Type': 'application/json' }, ...options });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body && body.error) || res.statusText);
  return body;
}

const HTTP_URL = /https?:\\/\\/(?:(?!&quot;|&#39;|&lt;|&gt;)[^\\s<])+/g;

// Links in message text open like on a phone; only http(s) ever becomes a link.
function linkify(text) {
  return esc(text).replace(HTTP_URL, (match) => {
    const url = match.replace(/[.,;:!?)]+$/, '');
    return '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + url + '</a>' + match.slice(url.length);
  });
}

const isHttp = (url) => /^https?:\\/\\//i.test(String(url || ''));

// sendInteractiveButtons / sendInteractiveButtonsReply: header, text, footer and the buttons.
function buttonsMessage(d) {
  const b = d || {};
  const head = b.titleText || b.header, content = b.contentText || b.body, foot = b.footerText || b.footer;
  let html = (head ? '<div class="head">' + linkify(head) + '</div>' : '') + '<div>' + linkify(content) + '</div>' + (foot ? '<div class="kind">' + esc(foot) + '</div>' : '');
  html += '<div class="buttons">' + (b.buttons || []).map((x) => {
    if (x.type === 'url' && isHttp(x.url)) return '<a class="wa-button" href="' + esc(x.url) + '" target="_blank" rel="noopener noreferrer" title="' + esc(x.url) + '">↗ ' + esc(x.buttonText) + '</a>';
    if (x.type === 'call') return '<span class="wa-button" title="calls ' + esc(x.phoneNumber) + '">☎ ' + esc(x.buttonText) + '</span>';
    if (x.type === 'copy') return '<span class="wa-button" title="copies ' + esc(x.copyCode) + '">❐ ' + esc(x.buttonText) + '</span>';
    return '<span class="wa-button">↩ ' + esc(x.buttonText) + '</span>';
  }).join('') + '</div>';
  return html;
}

function ticks(m) {
  if (m.type !== 'outgoing') return '';
  const s = m.statusMessage || '';
  if (s === 'read') return ' <span class="tick read">✓✓</span>';
  if (s === 'delivered') return ' <span class="tick">✓✓</span>';
  if (s === 'sent') return ' <span class="tick">✓</span>';
  if (s === 'pending') return ' <span class="tick">🕓</span>';
  return ' <span class="tick">' + esc(s) + '</span>';
}

function body(m) {
  const d = m.messageData || {};
  const t = m.typeMessage;
  let html = '';
  if (d.quotedMessage) html += '<div class="quote">' + esc(d.quotedMessage.textMessage || d.quotedMessage.caption || d.quotedMessage.typeMessage) + '</div>';
  if (m.file) {
    if ((m.file.mimeType || '').startsWith('image/')) html += '<a href="' + esc(m.file.url) + '" target="_blank"><img src="' + esc(m.file.url) + '" alt="' + esc(m.file.fileName) + '"></a>';
    else html += '📎 <a href="' + esc(m.file.url) + '" target="_blank">' + esc(m.file.fileName || 'file') + '</a> <span class="kind">' + esc(m.file.mimeType) + '</span>';
    if (m.file.caption) html += '<div>' + esc(m.file.caption) + '</div>';
    return html;
  }
  if (t === 'locationMessage') { const l = d.locationMessageData; return html + '📍 ' + esc(l.nameLocation) + ' ' + esc(l.address) + '<div class="kind">' + l.latitude + ', ' + l.longitude + '</div>'; }
  if (t === 'contactMessage') return html + '👤 ' + esc(d.contactMessageData.displayName);
  if (t === 'contactsArrayMessage') return html + '👥 ' + esc((d.messageData.contacts || []).map((c) => c.displayName).join(', '));
  if (t === 'pollMessage') { const p = d.pollMessageData; return html + '📊 <b>' + esc(p.name) + '</b>' + p.options.map((o) => '<div>○ ' + esc(o.optionName) + '</div>').join('') + (p.multipleAnswers ? '<div class="kind">several answers allowed</div>' : ''); }
  if (t === 'pollUpdateMessage') { const p = d.pollMessageData; const chosen = (p.votes || []).filter((v) => v.optionVoters.length).map((v) => v.optionName); return html + '🗳 voted: ' + esc(chosen.join(', ') || 'nothing') + ' <span class="kind">(' + esc(p.name) + ')</span>'; }
  if (t === 'reactionMessage') return html + 'reacted ' + esc(d.extendedTextMessageData.text);
  if (t === 'editedMessage') return '<span class="kind">edited a message:</span> ' + esc(m.text);
  if (t === 'deletedMessage') return '<span class="kind">deleted a message</span>';
  if (t === 'interactiveButtons' || t === 'interactiveButtonsReply') return html + buttonsMessage(d[t]);
  if (m.text !== undefined) return html + linkify(m.text);
  return html + '<span class="kind">' + esc(t) + '</span> ' + esc(JSON.stringify(d[Object.keys(d).find((k) => k !== 'typeMessage')] || {}));
}

function renderChats() {
  $('#chats').innerHTML = chats.map((c) => {
    const last = c.messages[c.messages.length - 1];
    const buttons = last && (last.messageData || {})[last.typeMessage];
    const preview = last ? (last.text || (last.file && last.file.fileName) || (buttons && (buttons.contentText || buttons.body)) || last.typeMessage) : '';
    return '<div class="chat' + (c.chatId === chatId ? ' active' : '') + '" data-chat="' + esc(c.chatId) + '"><div><div class="name">' + esc(c.name || c.chatId) + (c.archived ? ' 🗄' : '') + '</div><div class="last">' + esc(preview) + '</div><div class="muted">' + esc(c.chatId) + '</div></div>' + (c.unread ? '<span class="unread">' + c.unread + '</span>' : '') + '</div>';
  }).join('') || '<div class="panel muted">No chats yet. Send a message below or through the API.</div>';
  for (const el of document.querySelectorAll('.chat')) el.onclick = () => { chatId = el.dataset.chat; $('#chatId').value = chatId; render(); };
}

function renderMessages() {
  const chat = chats.find((c) => c.chatId === chatId);
  const box = $('#messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  box.innerHTML = chat ? chat.messages.map((m) => {
    const who = chat.isGroup && m.type === 'incoming' ? '<div class="who">' + esc(m.senderName || m.senderId) + '</div>' : '';
    const time = new Date(m.timestamp * 1000).toLocaleTimeString();
    const flags = (m.isEdited ? ' edited' : '') + (m.sendByApi ? ' · API' : m.type === 'outgoing' ? ' · phone' : '') + (m.journaled ? '' : ' · not in journal');
    return '<div class="msg ' + m.type + (m.isDeleted ? ' deleted' : '') + '" title="' + esc(m.idMessage) + '">' + who + (m.isDeleted ? '🚫 ' : '') + body(m) + '<div class="meta">' + esc(time + flags) + ticks(m) + '</div></div>';
  }).join('') : '<p class="muted">Pick a chat or type a chat id below.</p>';
  if (atBottom) box.scrollTop = box.scrollHeight;
}

async function renderSide() {
  const inst = await api('instances/' + current);
  $('#state').textContent = inst.stateInstance;
  $('#creds').innerHTML = 'idInstance <b>' + inst.idInstance + '</b><br>apiTokenInstance <code>' + esc(inst.apiTokenInstance) + '</code><br>wid ' + esc(inst.wid) + '<br>apiUrl <code>' + esc(info.apiUrl) + '</code><br>mediaUrl <code>' + esc(info.mediaUrl) + '</code>';
  const s = inst.settings;
  const on = Object.keys(s).filter((k) => s[k] === 'yes');
  $('#settings').innerHTML = 'webhookUrl: ' + esc(s.webhookUrl || '(empty: polling)') + '<br>switches on: ' + esc(on.join(', ') || 'none') + (inst.pendingSettings ? '<br><i>restarting, settings pending</i>' : '') + '<br>send queue: ' + inst.sendQueueLength + ', notifications waiting: ' + inst.pendingNotifications;
  $('#qr').innerHTML = inst.stateInstance === 'notAuthorized' ? '<img alt="QR" src="data:image/png;base64,' + (await api('instances/' + current + '/qr')).png + '"><br><button class="small" id="phone-linked" title="as if a phone scanned the QR code: the instance becomes authorized">Phone linked (authorize)</button>' : '<button class="small" id="logout">Log out</button>';
  if ($('#phone-linked')) $('#phone-linked').onclick = () => setState('authorized');
  if ($('#logout')) $('#logout').onclick = () => setState('notAuthorized');
  const list = (await api('instances/' + current + '/notifications?last=25')).reverse();
  $('#notifications').innerHTML = list.map((n) => '<div class="notification"><b>' + esc(n.typeWebhook) + '</b> ' + esc(n.typeMessage || n.body.status || n.body.stateInstance || '') + ' <span class="state-' + n.state + '">' + n.state + (n.via ? ' via ' + n.via : '') + '</span>' + (n.missingSwitches.length ? '<div class="muted">switch off: ' + esc(n.missingSwitches.join(', ')) + '</div>' : '') + (n.attempts.length ? '<div class="muted">attempts: ' + n.attempts.map((a) => a.status || a.error).join(', ') + '</div>' : '') + '</div>').join('') || '<div class="muted">none yet</div>';
}

async function setState(state) {
  await api('instances/' + current + '/state', { method: 'PUT', body: JSON.stringify({ stateInstance: state }) });
}

async function render() {
  if (!current) return;
  chats = await api('instances/' + current + '/chats?last=200');
  if (!chatId && chats[0]) { chatId = chats[0].chatId; $('#chatId').value = chatId; }
  renderChats();
  renderMessages();
  await renderSide();
}

function refresh() {
  if (refreshing) return;
  refreshing = setTimeout(() => { refreshing = null; render().catch(showError); }, 50);
}

function showError(e) { $('#error').textContent = e.message || String(e); setTimeout(() => { $('#error').textContent = ''; }, 5000); }

function fileToBase64(file) {
  return new Promise((resolve, reject) => { const r = new FileReader(); r.onload = () => resolve(String(r.result).split(',')[1]); r.onerror = reject; r.readAsDataURL(file); });
}

async function send(event) {
  event.preventDefault();
  const type = $('#type').value, text = $('#text').value, file = $('#file').files[0], url = $('#url').value.trim();
  const target = $('#chatId').value.trim();
  const input = { typeMessage: type, chatId: target };
  if (file && type === 'textMessage') {
    const mime = file.type || '';
    input.typeMessage = mime.startsWith('image/') ? 'imageMessage' : mime.startsWith('video/') ? 'videoMessage' : mime.startsWith('audio/') ? 'audioMessage' : 'documentMessage';
  }
  if ($('#sender').value.trim()) input.sender = $('#sender').value.trim();
  if ($('#senderName').value.trim()) input.senderName = $('#senderName').value.trim();
  if (text) input.text = text;
  if (type === 'locationMessage' && text) { const [lat, lon] = text.split(',').map(Number); input.latitude = lat; input.longitude = lon; delete input.text; }
  if (type === 'pollMessage' && text) { const [name, ...options] = text.split('\\n').map((s) => s.trim()).filter(Boolean); input.poll = { name, options }; delete input.text; }
  if (type === 'pollUpdateMessage' && text) { input.votes = text.split(',').map((s) => s.trim()); delete input.text; }
  if (file) input.file = { base64: await fileToBase64(file), fileName: file.name, mimeType: file.type || undefined };
  else if (url) input.url = url;
  const from = $('#from').value === 'phone' ? 'outgoing' : 'incoming';
  const result = await api('instances/' + current + '/' + from, { method: 'POST', body: JSON.stringify(input) });
  chatId = result.chatId;
  $('#text').value = ''; $('#file').value = ''; $('#url').value = '';
  refresh();
}

async function start() {
  info = await api('info');
  $('#instance').innerHTML = info.instances.map((i) => '<option value="' + i.idInstance + '">' + i.idInstance + ' · ' + esc(i.name) + '</option>').join('');
  current = info.instances[0] && info.instances[0].idInstance;
  $('#instance').onchange = () => { current = Number($('#instance').value); chatId = null; refresh(); };
  $('#compose').onsubmit = (e) => send(e).catch(showError);
  const events = new EventSource('/sandbox/events');
  events.addEventListener('change', (e) => { const d = JSON.parse(e.data); if (d.idInstance === null || d.idInstance === current) refresh(); });
  setInterval(refresh, 5000);
  await render();
}
start().catch(showError);
`;

const TYPES = [
	['textMessage', 'Text'],
	['extendedTextMessage', 'Text with link'],
	['quotedMessage', 'Reply to last message'],
	['imageMessage', 'Image'],
	['documentMessage', 'Document'],
	['videoMessage', 'Video'],
	['audioMessage', 'Audio / voice'],
	['stickerMessage', 'Sticker'],
	['locationMessage', 'Location (text: lat,lon)'],
	['contactMessage', 'Contact'],
	['contactsArrayMessage', 'Several contacts'],
	['pollMessage', 'Poll (text: question, then options one per line)'],
	['pollUpdateMessage', 'Vote on last poll (text: option, option)'],
	['reactionMessage', 'Reaction (text: emoji)'],
	['editedMessage', 'Edit last message'],
	['deletedMessage', 'Delete last message'],
	['groupInviteMessage', 'Group invite'],
	['interactiveButtonsResponse', 'Press a button'],
	['listResponseMessage', 'Pick a list row'],
];

export function pageHtml(): string {
	const options = TYPES.map(([value, label]) => `<option value="${value}">${label}</option>`).join('');
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>GREEN-API sandbox</title><style>${STYLE}</style></head>
<body>
<header><h1>GREEN-API sandbox</h1>
<label>Instance <select id="instance"></select></label>
<span class="badge">state: <span id="state">?</span></span>
<span id="error"></span></header>
<main>
<aside id="chats"></aside>
<section id="conversation">
<div id="messages"></div>
<form id="compose">
<select id="from" class="wide"><option value="contact">A contact sends a message to the instance (incomingMessageReceived)</option><option value="phone">The instance's phone sends a message (outgoingMessageReceived)</option></select>
<input id="chatId" placeholder="chat id, e.g. 79001234567@c.us or …@g.us" value="79001234567@c.us">
<select id="type">${options}</select>
<input id="sender" placeholder="sender in a group (optional)">
<input id="senderName" placeholder="sender name (optional)">
<textarea id="text" class="wide" rows="2" placeholder="text / caption"></textarea>
<input id="file" type="file" title="a file picks the media kind when the kind is Text">
<input id="url" placeholder="or a file URL (used as downloadUrl)">
<button class="wide" type="submit">Send</button>
</form>
</section>
<aside class="panel">
<h2>Instance</h2><div id="creds" class="muted"></div>
<div id="qr" style="margin-top:8px"></div>
<h2>Settings</h2><div id="settings" class="muted"></div>
<h2>Latest notifications</h2><div id="notifications"></div>
</aside>
</main>
<script>${SCRIPT}</script>
</body></html>`;
}
