// The chat page: sends what the visitor types or taps to /api/messages and shows the
// replies. Text is only ever set through textContent, so nothing a message holds can
// run or become markup; only http(s) addresses become links.
"use strict";

const log = document.getElementById("log");
const form = document.getElementById("composer");
const input = document.getElementById("message");
const sendButton = document.getElementById("send");
const errorLine = document.getElementById("error");
const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;
const NUMBERED_PAYLOAD = /^\d+$/;
const START = { title: "Start the screening", payload: "hello" };
const UNREACHABLE =
  "Could not reach the assistant. Please check your connection and try again.";
let busy = false;

function appendText(parent, text) {
  text.split(URL_PATTERN).forEach((part, index) => {
    if (index % 2 === 0) {
      parent.appendChild(document.createTextNode(part));
      return;
    }
    const address = part.replace(TRAILING_PUNCTUATION, "");
    const link = document.createElement("a");
    link.href = address;
    link.textContent = address;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    parent.appendChild(link);
    parent.appendChild(document.createTextNode(part.slice(address.length)));
  });
}

function addMessage(sender, text) {
  const item = document.createElement("li");
  item.className = `msg ${sender}`;
  const who = document.createElement("span");
  who.className = "visually-hidden";
  who.textContent = sender === "bot" ? "Assistant: " : "You: ";
  item.appendChild(who);
  appendText(item, text);
  log.appendChild(item);
  return item;
}

// Checklist options answer with their number ("1".."n"), and the question says to
// type the numbers, so those buttons show it: "1. Fever".
function buttonLabel(button) {
  const payload = String(button.payload || "");
  return NUMBERED_PAYLOAD.test(payload) ? `${payload}. ${button.title}` : button.title;
}

function addButtons(buttons) {
  const row = document.createElement("li");
  row.className = "buttons";
  const group = document.createElement("div");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "Answers to choose from");
  buttons.forEach((button) => {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = buttonLabel(button);
    element.addEventListener("click", () => choose(button, element));
    group.appendChild(element);
  });
  row.appendChild(group);
  log.appendChild(row);
  return row;
}

function showTyping() {
  const item = document.createElement("li");
  item.className = "msg bot typing";
  const words = document.createElement("span");
  words.className = "visually-hidden";
  words.textContent = "The assistant is typing…";
  item.appendChild(words);
  for (let dot = 0; dot < 3; dot += 1) {
    const span = document.createElement("span");
    span.className = "dot";
    span.setAttribute("aria-hidden", "true");
    item.appendChild(span);
  }
  log.appendChild(item);
  return item;
}

function setBusy(value) {
  busy = value;
  sendButton.disabled = value;
  log.setAttribute("aria-busy", String(value));
  log.querySelectorAll(".buttons button").forEach((button) => {
    button.disabled = value;
  });
}

function showError(text) {
  errorLine.textContent = text;
  errorLine.hidden = !text;
}

async function errorText(response) {
  try {
    const body = await response.json();
    if (body && typeof body.error === "string") return body.error;
  } catch (ignored) {
    // Not our JSON (a proxy's error page, say): fall through to a plain message.
  }
  return response.status === 413
    ? "That message is too long. Please shorten it."
    : "The assistant is unavailable right now. Please try again shortly.";
}

// Sends `message`, showing `shown` as the visitor's bubble. Returns whether it
// arrived; on failure the bubble goes and an alert says why, so nothing on the
// page looks answered that was not.
async function send(shown, message) {
  if (busy) return false;
  showError("");
  const bubble = addMessage("patient", shown);
  setBusy(true);
  const typing = showTyping();
  typing.scrollIntoView({ block: "end" });
  let replies = null;
  try {
    const response = await fetch("/api/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message }),
    });
    if (response.ok) {
      replies = (await response.json()).messages || [];
    } else {
      showError(await errorText(response));
    }
  } catch (error) {
    showError(UNREACHABLE);
  }
  typing.remove();
  setBusy(false);
  if (replies === null) {
    bubble.remove();
    return false;
  }
  // Whether tapped or typed, the answer is given: earlier choices no longer apply.
  log.querySelectorAll(".buttons").forEach((row) => row.remove());
  showReplies(replies);
  return true;
}

function showReplies(replies) {
  const firstNew = log.lastElementChild;
  let firstChoice = null;
  replies.forEach((reply) => {
    if (reply.text) addMessage("bot", reply.text);
    if (reply.buttons && reply.buttons.length) {
      firstChoice = firstChoice || addButtons(reply.buttons).querySelector("button");
    }
  });
  // A long answer (the outcome) is read from its start, a short one ends the log.
  const start = firstNew ? firstNew.nextElementSibling : log.firstElementChild;
  if (start) start.scrollIntoView({ block: "start" });
  // Keyboard users land on the answers offered, or back in the text box.
  (firstChoice || input).focus({ preventScroll: true });
}

async function choose(button, element) {
  if (!(await send(element.textContent, String(button.payload || button.title)))) {
    element.focus();
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text || busy) return;
  input.value = "";
  if (!(await send(text, text))) {
    input.value = text;
    input.focus();
  }
});

input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

addButtons([START]);
