// The chat on a clinic's own website. One line on the page:
//
//   <script src="https://chat.clinic.example/static/widget.js" async></script>
//
// adds a launcher button at the bottom right; it opens the chat in an iframe served
// by the chat's server (where this script came from). Everything lives in a shadow
// root, so the page's styles and the widget's do not mix. The launcher is a button
// that says whether the chat is open (aria-expanded); Escape, in the chat or on
// the widget, closes it and puts focus back on the launcher. The page's origin goes
// to the chat in its address; the chat's server checks it against
// WEBCHAT_ALLOWED_ORIGINS, and the browser shows the chat only on those sites
// (bot/webchat/security.py). An open chat stays open when the page is reloaded
// (sessionStorage), and shows the conversation so far.
(() => {
  "use strict";

  const CLOSE = "headache-chat:close";
  const FOCUS = "headache-chat:focus";
  const OPEN_KEY = "headache-chat-open";
  const NAME = "Headache screening";
  if (window.headacheChatWidget) return;

  const script = document.currentScript ||
    document.querySelector('script[src$="/static/widget.js"]');
  const chatOrigin = new URL(script.src, window.location.href).origin;
  const host = document.createElement("div");
  host.id = "headache-chat-widget";
  const root = host.attachShadow({ mode: "open" });
  const parts = build();
  let frame = null;
  window.headacheChatWidget = { open, close };

  function make(tag, attributes, text) {
    const made = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([key, value]) => {
      made.setAttribute(key, value);
    });
    if (text) made.textContent = text;
    return made;
  }

  function build() {
    ["/brand.css", "/static/widget.css"].forEach((path) => {
      root.appendChild(make("link", { rel: "stylesheet", href: chatOrigin + path }));
    });
    const panel = make("div", {
      class: "panel", id: "panel", role: "dialog", "aria-labelledby": "title",
    });
    panel.hidden = true;
    const bar = make("div", { class: "bar" });
    const title = make("p", { class: "title", id: "title" }, NAME);
    const closer = make("button", { type: "button", class: "close" }, "Close");
    closer.appendChild(make("span", { class: "visually-hidden" }, " the chat"));
    bar.append(title, closer);
    panel.appendChild(bar);
    const launcher = make("button", {
      type: "button", class: "launcher", "aria-expanded": "false",
      "aria-controls": "panel",
    });
    launcher.append(chatIcon(), make("span", { class: "label" }, NAME));
    root.append(panel, launcher);
    return { panel, title, closer, launcher };
  }

  function chatIcon() {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d",
      "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  function chatFrame() {
    const address = new URL("/", chatOrigin);
    address.searchParams.set("embed", "1");
    address.searchParams.set("parent", window.location.origin);
    const made = make("iframe", { title: `${NAME} chat`, src: address.href });
    made.addEventListener("load", () => {
      if (!parts.panel.hidden && root.activeElement === made) askForFocus();
    });
    parts.panel.appendChild(made);
    return made;
  }

  function askForFocus() {
    frame.contentWindow.postMessage({ type: FOCUS }, chatOrigin);
  }

  // Opens the chat; `moveFocus` (not when the page reopens it after a reload)
  // puts the visitor in its message box.
  function open(moveFocus = true) {
    frame = frame || chatFrame();
    parts.panel.hidden = false;
    parts.launcher.setAttribute("aria-expanded", "true");
    remember(true);
    if (moveFocus) {
      frame.focus();
      askForFocus();
    }
  }

  function close() {
    parts.panel.hidden = true;
    parts.launcher.setAttribute("aria-expanded", "false");
    remember(false);
    parts.launcher.focus();
  }

  function remember(isOpen) {
    try {
      window.sessionStorage.setItem(OPEN_KEY, isOpen ? "1" : "");
    } catch (ignored) {
      // Storage may be off; the chat then starts closed after a reload.
    }
  }

  function wasOpen() {
    try {
      return window.sessionStorage.getItem(OPEN_KEY) === "1";
    } catch (ignored) {
      return false;
    }
  }

  parts.launcher.addEventListener("click", () => {
    if (parts.panel.hidden) open();
    else close();
  });
  parts.closer.addEventListener("click", close);
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !parts.panel.hidden) close();
  });
  window.addEventListener("message", (event) => {
    if (event.origin !== chatOrigin || !frame || event.source !== frame.contentWindow) {
      return;
    }
    if (event.data && event.data.type === CLOSE) close();
  });
  fetch(`${chatOrigin}/api/config`)
    .then((response) => (response.ok ? response.json() : {}))
    .then((config) => {
      if (config.clinic_name) parts.title.textContent = `${NAME}: ${config.clinic_name}`;
    })
    .catch(() => {});
  function start() {
    document.body.appendChild(host);
    if (wasOpen()) open(false);
  }

  // An async script may run before the page's body is there.
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
