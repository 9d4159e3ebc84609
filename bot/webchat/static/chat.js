// The chat page: sends what the visitor types or taps to /api/messages and shows the
// replies. Text is only ever set through textContent (text.js), so nothing a message
// holds can run or become markup; only http(s) addresses and the clinic's phone
// number become links. A reloaded page shows the conversation so far
// (/api/history); "Start over" begins a new one (/api/start-over).
"use strict";

import { cardContent } from "./cards.js";
import { connectToWidget, embeddingOrigin } from "./embed.js";
import { appendText, element } from "./text.js";

const log = document.getElementById("log");
const form = document.getElementById("composer");
const input = document.getElementById("message");
const sendButton = document.getElementById("send");
const errorLine = document.getElementById("error");
const choices = document.getElementById("choices");
const restartButton = document.getElementById("restart");
const restartDialog = document.getElementById("restart-dialog");
const clinicPhone = document.body.dataset.clinicPhone || "";
const embedder = embeddingOrigin();
const NUMBERED_PAYLOAD = /^\d+$/;
const NUMBER_LIST = /^\d+(?:, \d+)*$/;
// A checklist's answers that stand alone (bot/dialogue/replies.py NONE_PAYLOAD and
// UNSURE_PAYLOAD): ticking one clears the other ticks.
const EXCLUSIVE_PAYLOADS = ["none of these", "not sure"];
const CHECKLIST_LEGEND = "Tick all that apply, then choose Done";
const NOTHING_TICKED = "Please tick at least one answer, then choose Done.";
const START = { title: "Start the screening", payload: "hello" };
const UNREACHABLE =
  "Could not reach the assistant. Please check your connection and try again.";
const STILL_WORKING = "Still working…";
const SLOW_REPLY_MS = 3000;
let busy = false;
let messageCount = 0;

function addItem(sender, className = "") {
  const item = element("li", `msg ${sender} ${className}`.trim());
  item.appendChild(
    element("span", "visually-hidden", sender === "bot" ? "Assistant: " : "You: "));
  log.appendChild(item);
  return item;
}

function addMessage(sender, text) {
  const item = addItem(sender);
  appendText(item, text, sender === "bot" ? clinicPhone : "");
  return item;
}

// A bot reply: its card (an outcome, cards.js) if it has one, else its text.
function addReply(reply) {
  if (reply.card && typeof reply.card === "object") {
    const item = addItem("bot", reply.card.emergency ? "card emergency" : "card");
    item.appendChild(cardContent(reply.card, clinicPhone));
    return item;
  }
  return reply.text ? addMessage("bot", reply.text) : null;
}

// Checklist options answer with their number ("1".."n"), and the question says to
// type the numbers, so those options show it: "1. Fever".
function buttonLabel(button) {
  const payload = payloadOf(button);
  return NUMBERED_PAYLOAD.test(payload) ? `${payload}. ${button.title}` : button.title;
}

function payloadOf(button) {
  return String(button.payload || button.title);
}

function isExclusive(button) {
  return EXCLUSIVE_PAYLOADS.includes(payloadOf(button).trim().toLowerCase());
}

// A checklist (actions.py AskChecklist) numbers its items "1".."n" and adds the
// exclusive "None of these" / "Not sure". Any other set (consent, onset, a side) is
// a single choice, one click each: its payloads are words, not numbers.
function isChecklist(buttons) {
  const numbered = buttons.filter((b) => NUMBERED_PAYLOAD.test(payloadOf(b)));
  const exclusive = buttons.filter(isExclusive);
  return numbered.length > 0 && exclusive.length > 0 &&
    numbered.length + exclusive.length === buttons.length;
}

// The answers to `question` (a bot message, or null), shown after the message box.
function showChoices(buttons, question) {
  clearChoices();
  const offer = isChecklist(buttons) ? checklist(buttons) : singleChoice(buttons);
  if (question) {
    question.id = question.id || `msg-${(messageCount += 1)}`;
    (offer.querySelector("fieldset") || offer).setAttribute(
      "aria-describedby", question.id);
  }
  choices.appendChild(offer);
  choices.hidden = false;
  choices.scrollTop = 0;
}

function clearChoices() {
  choices.replaceChildren();
  choices.hidden = true;
}

function singleChoice(buttons) {
  const group = document.createElement("div");
  group.className = "choice-group";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "Choose one answer");
  buttons.forEach((button) => {
    const option = document.createElement("button");
    option.type = "button";
    option.className = "option";
    option.textContent = buttonLabel(button);
    option.addEventListener("click", () => choose(button, option));
    group.appendChild(option);
  });
  return group;
}

// Checkboxes and a Done button: Done sends the ticked numbers as a typed answer
// would ("1, 3"), or the one exclusive answer ticked ("none of these").
function checklist(buttons) {
  const form = document.createElement("form");
  form.className = "checklist";
  const fieldset = document.createElement("fieldset");
  const legend = document.createElement("legend");
  legend.textContent = CHECKLIST_LEGEND;
  fieldset.appendChild(legend);
  buttons.forEach((button) => fieldset.appendChild(checklistOption(button)));
  const { actions, note, done } = checklistActions();
  form.append(fieldset, actions);
  fieldset.addEventListener("change", (event) => {
    note.textContent = "";
    keepExclusive(fieldset, event.target);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendTicked(form, note, done);
  });
  return form;
}

function checklistOption(button) {
  const label = document.createElement("label");
  label.className = "option";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.value = payloadOf(button);
  box.dataset.exclusive = String(isExclusive(button));
  const text = document.createElement("span");
  text.textContent = buttonLabel(button);
  label.append(box, text);
  return label;
}

// The Done button, kept in view below the options, and where it says what is missing.
function checklistActions() {
  const actions = document.createElement("div");
  actions.className = "checklist-actions";
  const done = document.createElement("button");
  done.type = "submit";
  done.className = "done";
  done.textContent = "Done";
  const note = document.createElement("p");
  note.className = "choice-note";
  note.setAttribute("role", "alert");
  actions.append(done, note);
  return { actions, note, done };
}

// "None of these" and "Not sure" each stand alone: ticking one clears every other
// tick, and ticking an item clears them.
function keepExclusive(fieldset, changed) {
  if (!changed.checked) return;
  const alone = changed.dataset.exclusive === "true";
  fieldset.querySelectorAll("input[type=checkbox]").forEach((box) => {
    if (box !== changed && (alone || box.dataset.exclusive === "true")) {
      box.checked = false;
    }
  });
}

async function sendTicked(form, note, done) {
  const ticked = [...form.querySelectorAll("input[type=checkbox]:checked")];
  if (!ticked.length) {
    note.textContent = NOTHING_TICKED;
    done.focus();
    return;
  }
  const shown = ticked.map((box) => box.labels[0].textContent).join("\n");
  const message = ticked.map((box) => box.value).join(", ");
  input.focus({ preventScroll: true });
  if (!(await send(shown, message))) done.focus();
}

function showTyping() {
  const item = element("li", "msg bot typing");
  item.appendChild(element("span", "visually-hidden", "The assistant is typing…"));
  for (let dot = 0; dot < 3; dot += 1) {
    const span = element("span", "dot");
    span.setAttribute("aria-hidden", "true");
    item.appendChild(span);
  }
  log.appendChild(item);
  return item;
}

// A reply that takes a while says so, so the visitor does not think it got lost.
function noteWhenSlow(typing) {
  return setTimeout(() => {
    typing.appendChild(element("span", "still", STILL_WORKING));
    typing.scrollIntoView({ block: "end" });
  }, SLOW_REPLY_MS);
}

function setBusy(value) {
  busy = value;
  sendButton.disabled = value;
  restartButton.disabled = value;
  log.setAttribute("aria-busy", String(value));
  choices.querySelectorAll("button, input").forEach((control) => {
    control.disabled = value;
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
  const slow = noteWhenSlow(typing);
  let replies = null;
  try {
    const response = await post("/api/messages", { message });
    if (response.ok) {
      replies = (await response.json()).messages || [];
    } else {
      showError(await errorText(response));
    }
  } catch (error) {
    showError(UNREACHABLE);
  }
  clearTimeout(slow);
  typing.remove();
  setBusy(false);
  if (replies === null) {
    bubble.remove();
    return false;
  }
  // Whether tapped or typed, the answer is given: earlier choices no longer apply.
  clearChoices();
  showReplies(replies);
  return true;
}

// Requests carry the embedding page's origin, for the server to check (embed.js).
function post(path, body) {
  const headers = { "Content-Type": "application/json" };
  if (embedder) headers["X-Embedding-Origin"] = embedder;
  return fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
}

// Adds the bot's `replies`; the answers the last of them offers, if any.
function addReplies(replies) {
  let question = null;
  let offer = null;
  replies.forEach((reply) => {
    const item = addReply(reply);
    if (item) question = item;
    if (reply.buttons && reply.buttons.length) offer = { buttons: reply.buttons, question };
  });
  return offer;
}

function showReplies(replies) {
  const firstNew = log.lastElementChild;
  const offer = addReplies(replies);
  if (offer) showChoices(offer.buttons, offer.question);
  // A long answer (the outcome) is read from its start, a short one ends the log.
  const start = firstNew ? firstNew.nextElementSibling : log.firstElementChild;
  if (start) start.scrollIntoView({ block: "start" });
  // Focus stays in the text box, so Enter there always sends what was typed; the
  // answers offered follow it in tab order. (Focusing the first option made "no" +
  // Enter send "1", a red flag.)
  input.focus({ preventScroll: true });
}

async function choose(button, option) {
  input.focus({ preventScroll: true });
  if (!(await send(option.textContent, payloadOf(button)))) option.focus();
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

// ---- the conversation so far, after a reload ------------------------------------

// What the visitor's bubble showed for an answer they tapped: the button's label
// ("2. Fever"), the ticked labels of a checklist ("1, 3"), or the text as typed.
function shownAnswer(text, offered) {
  const byPayload = new Map(offered.map((b) => [payloadOf(b).toLowerCase(), b]));
  const tapped = byPayload.get(text.trim().toLowerCase());
  if (tapped) return buttonLabel(tapped);
  if (!NUMBER_LIST.test(text.trim())) return text;
  const ticked = text.split(", ").map((number) => byPayload.get(number));
  return ticked.every(Boolean) ? ticked.map(buttonLabel).join("\n") : text;
}

// Shows the `messages` of /api/history, and the answers the last question offers.
function showHistory(messages) {
  let offered = [START];
  let offer = null;
  messages.forEach((message) => {
    if (message.sender === "patient") {
      addMessage("patient", shownAnswer(String(message.text), offered));
      offered = [];
      offer = null;
      return;
    }
    const asked = addReplies([message]);
    if (asked) {
      offer = asked;
      offered = asked.buttons;
    }
  });
  if (!messages.length) showChoices([START], null);
  else if (offer) showChoices(offer.buttons, offer.question);
  if (log.lastElementChild) log.lastElementChild.scrollIntoView({ block: "end" });
}

async function loadHistory() {
  try {
    const response = await fetch("/api/history");
    if (response.ok) return (await response.json()).messages || [];
  } catch (ignored) {
    // Rasa or the network is down: the visitor starts afresh; sending says why.
  }
  return [];
}

// ---- start over ---------------------------------------------------------------

restartButton.addEventListener("click", () => {
  if (!busy) restartDialog.showModal();
});

restartDialog.addEventListener("close", async () => {
  if (restartDialog.returnValue !== "restart") {
    restartButton.focus();
    return;
  }
  restartDialog.returnValue = "";
  await startOver();
});

async function startOver() {
  showError("");
  try {
    const response = await post("/api/start-over", {});
    if (!response.ok) {
      showError(await errorText(response));
      restartButton.focus();
      return;
    }
  } catch (error) {
    showError(UNREACHABLE);
    restartButton.focus();
    return;
  }
  log.replaceChildren();
  input.value = "";
  showChoices([START], null);
  input.focus();
}

// ---- start ----------------------------------------------------------------------

if (embedder) {
  connectToWidget(embedder, {
    keepsEscape: () => restartDialog.open,
    focus: () => input.focus(),
  });
}
// Nothing is sent before the conversation so far is on the page, so it cannot
// end up above a message typed meanwhile.
setBusy(true);
const restored = await loadHistory();
setBusy(false);
showHistory(restored);
