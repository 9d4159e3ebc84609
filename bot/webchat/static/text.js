// Text into the page, only ever as text nodes (textContent), so nothing a message
// holds can run or become markup. Links are made from two things alone: http(s)
// addresses, and the clinic's own phone number (a tel: link a phone can dial).
"use strict";

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

export function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

// "tel:" and the digits (and a leading +) of `number`.
export function telHref(number) {
  return `tel:${String(number).replace(/[^+\d]/g, "")}`;
}

export function webLink(address, text) {
  const link = element("a", "", text);
  link.href = address;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  return link;
}

export function telLink(number, text, className = "") {
  const link = element("a", className, text);
  link.href = telHref(number);
  return link;
}

// `text` into `parent`: addresses become links, `phone` (if given) tel: links.
export function appendText(parent, text, phone = "") {
  text.split(URL_PATTERN).forEach((part, index) => {
    if (index % 2 === 0) {
      appendPhones(parent, part, phone);
      return;
    }
    const address = part.replace(TRAILING_PUNCTUATION, "");
    parent.appendChild(webLink(address, address));
    parent.appendChild(document.createTextNode(part.slice(address.length)));
  });
}

function appendPhones(parent, text, phone) {
  const parts = phone && /\d/.test(phone) ? text.split(phone) : [text];
  parts.forEach((part, index) => {
    if (index > 0) parent.appendChild(telLink(phone, phone));
    parent.appendChild(document.createTextNode(part));
  });
}
