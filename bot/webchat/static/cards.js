// The outcome of a screening as a card (its data: bot/dialogue/web_card.py).
//
// The emergency outcome is a card of its own colours with a heading that says what
// to do and a tel: link to the emergency number; it never shows a booking link,
// whatever the data holds. Any other outcome ends with a "Book an appointment"
// link styled as a button (the booking address keeps its opaque reference), and
// its references are folded under "Sources".
"use strict";

import { appendText, element, telLink, webLink } from "./text.js";

const WEB_ADDRESS = /^https?:\/\//;
const RESULT_HEADING = "Your screening result";
const BOOK = "Book an appointment";
const NEW_TAB = " (opens in a new tab)";
let cardCount = 0;

// The card's content, for a bot message's list item.
export function cardContent(card, phone) {
  const section = element("section", "card-body");
  const heading = element("h2", "card-heading", headingText(card));
  heading.id = `card-${(cardCount += 1)}`;
  section.setAttribute("aria-labelledby", heading.id);
  section.appendChild(heading);
  if (card.emergency) section.appendChild(callLink(card));
  (card.paragraphs || []).forEach((text) => {
    const paragraph = element("p");
    appendText(paragraph, String(text), phone);
    section.appendChild(paragraph);
  });
  if (!card.emergency && WEB_ADDRESS.test(card.booking_url || "")) {
    section.appendChild(bookingLink(card.booking_url));
  }
  if (card.sources && card.sources.length) section.appendChild(sources(card.sources));
  return section;
}

function headingText(card) {
  if (card.emergency) return `Call ${emergencyNumber(card)} / your emergency number now`;
  return card.kind === "booking_link" ? BOOK : RESULT_HEADING;
}

function emergencyNumber(card) {
  return String(card.emergency_number || "911");
}

function callLink(card) {
  const number = emergencyNumber(card);
  return telLink(number, `Call ${number}`, "call");
}

function bookingLink(address) {
  const link = webLink(address, BOOK);
  link.className = "book";
  link.appendChild(element("span", "visually-hidden", NEW_TAB));
  return link;
}

function sources(list) {
  const details = element("details", "sources");
  details.appendChild(element("summary", "", "Sources"));
  const items = element("ol");
  list.forEach((source) => {
    items.appendChild(element("li", "", `[${source.ref}] ${source.text}`));
  });
  details.appendChild(items);
  return details;
}
