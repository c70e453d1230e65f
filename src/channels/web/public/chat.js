// ftadvisor web chat client: plain DOM, no framework, nothing loaded from elsewhere.
// Every piece of text, the user's and the advisor's, goes into the page with textContent or a
// text node, never as HTML: whatever anyone types shows as the characters they typed.
//
// Protocol (botbuilder-adapter-web's websocket envelope; see src/channels/web/protocol.ts):
//   page -> server  {type: 'hello' | 'welcome_back', user}            on every (re)connect
//                   {type: 'message', user, text}                      typed text
//                   {type: 'message', user, text: label, choice: {slot, value}}   a button
//   server -> page  {type: 'history', entries, dropped}                the conversation so far
//                   {type: 'message', text, quick_replies, reply}       one advisor reply
//                   {type: 'notice', text}                             a problem, not kept

const STORAGE_KEY = 'ftadvisor.browserId';
const ID_PATTERN = /^[0-9a-f]{32}$/;
const MAX_LENGTH = 4000;
const KINDS = new Set(['question', 'clarify', 'recommendation', 'answer', 'info', 'error']);

const page = {
  log: document.getElementById('log'),
  form: document.getElementById('form'),
  input: document.getElementById('input'),
  send: document.getElementById('send'),
  restart: document.getElementById('restart'),
  status: document.getElementById('status'),
  count: document.getElementById('count'),
  announcer: document.getElementById('announcer'),
};

const identity = loadIdentity();

const state = {
  socket: null,
  connected: false,
  everConnected: false,
  retries: 0,
  closeCode: 0,
  waiting: false,
  slow: false,
  slowTimer: 0,
  /** Scroll to the first reply that answers what the user just sent. */
  scrollToNextReply: false,
  /** The buttons of the latest question; the only ones that can be pressed. */
  choiceButtons: [],
};

// ---- identity ------------------------------------------------------------------------------

function newBrowserId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A stable id for this browser, kept in localStorage so a reload continues the conversation. */
function loadIdentity() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && ID_PATTERN.test(stored)) return { id: stored, returning: true, persistent: true };
    const id = newBrowserId();
    localStorage.setItem(STORAGE_KEY, id);
    return { id, returning: false, persistent: true };
  } catch {
    // Storage blocked (some private modes): the chat works, but only until the page is closed.
    return { id: newBrowserId(), returning: false, persistent: false };
  }
}

// ---- rendering -----------------------------------------------------------------------------

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function hidden(text) {
  return element('span', 'visually-hidden', text);
}

/** The advisor's text, as text. */
function textElement(tag, value) {
  return element(tag, null, String(value ?? ''));
}

function webAddress(url) {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function renderSources(items) {
  const section = element('section', 'sources');
  section.append(element('h4', null, 'Sources'));
  const list = element('ol');
  for (const item of Array.isArray(items) ? items : []) {
    const entry = element('li');
    const label = String(item?.label ?? item?.id ?? '');
    const href = webAddress(item?.url);
    if (href) {
      const link = element('a', null, label);
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.append(hidden(' (opens in a new tab)'));
      entry.append(link);
    } else {
      entry.textContent = label;
    }
    list.append(entry);
  }
  section.append(list);
  return section;
}

function renderBody(container, body) {
  for (const segment of Array.isArray(body) ? body : []) {
    switch (segment?.type) {
      case 'heading':
        container.append(textElement('h3', segment.text));
        break;
      case 'paragraph':
        container.append(textElement('p', segment.text));
        break;
      case 'list': {
        const items = Array.isArray(segment.items) ? segment.items : [];
        // A ranking's items carry their own numbers ("1. RAG: 8"); bullets beside them would be noise.
        const numbered = items.length > 0 && items.every((item) => /^\d+\.\s/.test(String(item)));
        const list = element('ul', numbered ? 'numbered' : undefined);
        for (const item of items) list.append(textElement('li', item));
        container.append(list);
        break;
      }
      case 'sources':
        container.append(renderSources(segment.items));
        break;
      default:
        break;
    }
  }
}

function closeChoices() {
  for (const button of state.choiceButtons) button.disabled = true;
  state.choiceButtons = [];
}

function appendUser(text, { scroll = true } = {}) {
  const item = element('li', 'msg msg-user');
  item.dataset.from = 'user';
  item.append(hidden('You: '));
  const words = element('p', null, text);
  words.dir = 'auto';
  item.append(words);
  page.log.append(item);
  if (scroll) item.scrollIntoView({ block: 'end' });
}

/** One advisor reply; its buttons become the live ones when `live`. */
function appendBot(reply, { live, announce, scroll }) {
  const kind = KINDS.has(reply?.kind) ? reply.kind : 'info';
  const item = element('li', `msg msg-bot kind-${kind}`);
  item.dataset.from = 'bot';
  item.dataset.kind = kind;
  item.append(hidden('Advisor: '));
  const body = element('div', 'body');
  renderBody(body, reply?.body);
  if (body.childElementCount === 0) body.append(textElement('p', reply?.text));
  item.append(body);

  const choices = Array.isArray(reply?.choices) ? reply.choices : [];
  if (live) closeChoices();
  if (choices.length > 0) {
    const group = element('div', 'choices');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', 'Answer options');
    const buttons = choices.map((choice) => {
      const button = element('button', null, String(choice?.label ?? choice?.value ?? ''));
      button.type = 'button';
      button.disabled = true;
      button.addEventListener('click', () => choose(reply, choice, button));
      group.append(button);
      return button;
    });
    item.append(group);
    if (live) state.choiceButtons = buttons;
  }
  // The plan to act on, as a file: the server makes it from this browser's conversation.
  if (kind === 'recommendation') {
    const link = element('a', 'plan-download', 'Download the plan (Markdown)');
    link.href = `/plan.md?browser=${encodeURIComponent(identity.id)}`;
    link.download = 'ftadvisor-plan.md';
    item.append(link);
  }
  page.log.append(item);
  if (announce) say(summary(reply, kind));
  if (scroll) item.scrollIntoView({ block: 'start' });
  updateControls();
}

function appendNotice(text) {
  const item = element('li', 'msg msg-notice');
  item.dataset.from = 'notice';
  item.append(element('p', null, String(text ?? '')));
  page.log.append(item);
  item.scrollIntoView({ block: 'end' });
  say(String(text ?? ''));
}

/** What a screen reader hears when a reply arrives; a recommendation is announced by its title. */
function summary(reply, kind) {
  if (kind === 'recommendation') {
    const heading = (reply.body ?? []).find((segment) => segment?.type === 'heading');
    return `${heading?.text ?? 'Recommendation ready'}. The full recommendation, with reasons and sources, is in the conversation.`;
  }
  const text = String(reply?.text ?? '');
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

function say(text) {
  if (!text) return;
  page.announcer.append(element('p', null, text));
  while (page.announcer.childElementCount > 3) page.announcer.firstElementChild.remove();
}

function renderHistory(message) {
  const entries = Array.isArray(message.entries) ? message.entries : [];
  const firstLoad = page.log.childElementCount === 0;
  page.log.replaceChildren();
  state.choiceButtons = [];
  if (message.dropped > 0) {
    const what = message.dropped === 1 ? '1 earlier message is' : `${message.dropped} earlier messages are`;
    const note = element('li', 'dropped', `${what} no longer kept.`);
    page.log.append(note);
  }
  entries.forEach((entry, index) => {
    if (entry?.from === 'user') appendUser(String(entry.text ?? ''), { scroll: false });
    else if (entry?.from === 'bot')
      appendBot(entry.reply, { live: index === entries.length - 1, announce: false, scroll: false });
  });
  window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });
  const last = entries.at(-1);
  if (firstLoad && last?.from === 'bot') say(summary(last.reply, last.reply?.kind));
  else if (!firstLoad) say('Reconnected.');
  updateControls();
}

function fallbackReply(message) {
  const replies = Array.isArray(message.quick_replies) ? message.quick_replies : [];
  return {
    kind: 'info',
    text: String(message.text ?? ''),
    body: [{ type: 'paragraph', text: String(message.text ?? '') }],
    choices: replies.map((reply) => ({ label: reply?.title, value: reply?.payload })),
    awaiting: null,
  };
}

// ---- status and controls -------------------------------------------------------------------

function renderStatus() {
  let text = '';
  if (!state.connected) {
    if (state.closeCode === 1009) text = 'That message was too large for the server. Reconnecting…';
    else text = state.everConnected ? 'Connection to the advisor lost. Reconnecting…' : 'Connecting…';
  } else if (state.slow) {
    text = 'The advisor is thinking…';
  } else if (!identity.persistent) {
    text = 'This browser blocks local storage, so the conversation will not survive a reload.';
  }
  if (page.status.textContent !== text) page.status.textContent = text;
}

function updateControls() {
  const open = state.connected;
  page.send.disabled = !open || page.input.value.trim() === '';
  page.restart.disabled = !open;
  for (const button of state.choiceButtons) button.disabled = !open;
}

function startWaiting() {
  state.waiting = true;
  clearTimeout(state.slowTimer);
  state.slowTimer = setTimeout(() => {
    state.slow = state.waiting;
    renderStatus();
  }, 800);
}

function stopWaiting() {
  state.waiting = false;
  state.slow = false;
  clearTimeout(state.slowTimer);
  renderStatus();
}

function fitInput() {
  page.input.style.height = 'auto';
  page.input.style.height = `${Math.min(page.input.scrollHeight + 2, 192)}px`;
  const length = page.input.value.length;
  page.count.textContent = length > MAX_LENGTH * 0.85 ? `${length} of ${MAX_LENGTH} characters.` : '';
}

// ---- sending -------------------------------------------------------------------------------

function send(payload) {
  const socket = state.socket;
  if (!state.connected || !socket || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify({ ...payload, user: identity.id, channel: 'websocket' }));
  return true;
}

/** Shows what the user said and sends it; a button also says which question it answers. */
function sendMessage(text, choice) {
  const payload = { type: 'message', text };
  if (choice) payload.choice = choice;
  if (!send(payload)) return false;
  closeChoices();
  appendUser(text);
  state.scrollToNextReply = true;
  startWaiting();
  updateControls();
  return true;
}

function choose(reply, choice, button) {
  const slot = typeof reply?.awaiting === 'string' ? reply.awaiting : null;
  const focusWasHere = document.activeElement === button;
  if (!sendMessage(String(choice.label ?? choice.value), { slot, value: String(choice.value) })) return;
  button.classList.add('chosen');
  // The pressed button is now disabled; keep keyboard users somewhere useful.
  if (focusWasHere) page.input.focus();
}

page.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = page.input.value;
  if (text.trim() === '') return;
  if (sendMessage(text)) {
    page.input.value = '';
    fitInput();
    updateControls();
  }
});

page.input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    page.form.requestSubmit();
  }
});

page.input.addEventListener('input', () => {
  fitInput();
  updateControls();
});

page.restart.addEventListener('click', () => {
  sendMessage('Start over', { slot: null, value: 'start over' });
});

// ---- connection ----------------------------------------------------------------------------

function onServerMessage(message) {
  switch (message?.type) {
    case 'history':
      stopWaiting();
      renderHistory(message);
      break;
    case 'message': {
      stopWaiting();
      const scroll = state.scrollToNextReply;
      state.scrollToNextReply = false;
      appendBot(message.reply ?? fallbackReply(message), { live: true, announce: true, scroll });
      if (!scroll) window.scrollTo({ top: document.documentElement.scrollHeight });
      break;
    }
    case 'notice':
      stopWaiting();
      appendNotice(message.text);
      break;
    default:
      break;
  }
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/`);
  state.socket = socket;
  socket.addEventListener('open', () => {
    state.connected = true;
    state.everConnected = true;
    state.retries = 0;
    state.closeCode = 0;
    send({ type: identity.returning ? 'welcome_back' : 'hello' });
    identity.returning = true;
    renderStatus();
    updateControls();
  });
  socket.addEventListener('message', (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    onServerMessage(message);
  });
  socket.addEventListener('close', (event) => {
    if (state.socket !== socket) return;
    state.connected = false;
    state.closeCode = event.code;
    stopWaiting();
    renderStatus();
    updateControls();
    const delay = Math.min(10000, 500 * 2 ** state.retries);
    state.retries += 1;
    setTimeout(connect, delay);
  });
}

fitInput();
renderStatus();
connect();
