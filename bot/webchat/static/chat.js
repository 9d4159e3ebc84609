// The chat page: sends what the visitor types to /api/messages and shows the replies.
// Text is only ever set through textContent, so nothing a message holds can run.
"use strict";

const log = document.getElementById("log");
const form = document.getElementById("composer");
const input = document.getElementById("message");
const statusLine = document.getElementById("status");
const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

function addMessage(sender, text) {
  const item = document.createElement("li");
  item.className = `msg ${sender}`;
  text.split(URL_PATTERN).forEach((part, index) => {
    if (index % 2 === 1) {
      const link = document.createElement("a");
      link.href = part;
      link.textContent = part;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      item.appendChild(link);
    } else {
      item.appendChild(document.createTextNode(part));
    }
  });
  log.appendChild(item);
  item.scrollIntoView({ block: "end" });
}

function addButtons(buttons) {
  const row = document.createElement("li");
  row.className = "buttons";
  buttons.forEach((button) => {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = button.title;
    element.addEventListener("click", () => {
      row.remove();
      send(button.title, button.payload);
    });
    row.appendChild(element);
  });
  log.appendChild(row);
}

async function send(shown, message) {
  addMessage("patient", shown);
  statusLine.textContent = "…";
  try {
    const response = await fetch("/api/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message }),
    });
    const body = await response.json();
    statusLine.textContent = response.ok ? "" : body.error;
    (body.messages || []).forEach((reply) => {
      if (reply.text) addMessage("bot", reply.text);
      if (reply.buttons && reply.buttons.length) addButtons(reply.buttons);
    });
  } catch (error) {
    statusLine.textContent = "Could not reach the assistant. Please try again shortly.";
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  send(text, text);
});

input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
