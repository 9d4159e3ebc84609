// The chat inside the widget's iframe (widget.js) on a clinic's website.
//
// The embedding page's origin is what the browser reports (location.ancestorOrigins,
// which that page cannot change) or else what widget.js put in the address
// (?parent=); the page sends it with every message (X-Embedding-Origin) and the
// server refuses origins the clinic did not allow (bot/webchat/security.py).
// Messages go to and come from that origin only: Escape asks the widget to close
// (it then puts focus back on its launcher), and the widget asks for focus when it
// opens.
"use strict";

const CLOSE = "headache-chat:close";
const FOCUS = "headache-chat:focus";

// The embedding page's origin, or null when the chat is a page of its own.
export function embeddingOrigin() {
  if (window.parent === window) return null;
  const reported = window.location.ancestorOrigins;
  if (reported && reported.length) return reported[0];
  const claimed = new URLSearchParams(window.location.search).get("parent");
  try {
    return claimed ? new URL(claimed).origin : null;
  } catch (ignored) {
    return null;
  }
}

// Escape closes the widget unless `keepsEscape()` (a dialog of the page is open);
// the widget's "focus" message calls `focus()`.
export function connectToWidget(origin, { keepsEscape, focus }) {
  document.documentElement.classList.add("embedded");
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || keepsEscape()) return;
    window.parent.postMessage({ type: CLOSE }, origin);
  });
  window.addEventListener("message", (event) => {
    if (event.origin !== origin || event.source !== window.parent) return;
    if (event.data && event.data.type === FOCUS) focus();
  });
}
