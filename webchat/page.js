// "Delete my data" also deletes what this page keeps in the browser (the widget's copy of the
// conversation, in session storage): the page starts afresh and says so.
const DELETED = "Done - I've deleted this conversation";
const DELETED_NOTICE = "deleted-notice";

function forgetThisBrowserOnDeletion(message) {
  if (!(message && typeof message.text === "string" && message.text.startsWith(DELETED))) return;
  setTimeout(() => {
    sessionStorage.clear();
    sessionStorage.setItem(DELETED_NOTICE, "1");
    window.location.reload();
  }, 2500); // long enough to read "Done"
}

if (sessionStorage.getItem(DELETED_NOTICE)) {
  sessionStorage.removeItem(DELETED_NOTICE);
  document.getElementById("deleted-notice").hidden = false;
}

// Opens the rasa-webchat widget embedded in the page; it greets the visitor on connect.
WebChat.default(
  {
    initPayload: "/greet",
    socketUrl: window.CHAT_CONFIG.socketUrl,
    socketPath: "/socket.io/",
    title: "Twitching legs helper",
    subtitle: "Magnesium guidance, with sources",
    inputTextFieldHint: "Type your message...",
    embedded: true,
    showMessageDate: false,
    params: { storage: "session" },
    onSocketEvent: { bot_uttered: forgetThisBrowserOnDeletion },
    // The default waits up to 3 s per message; a plan has several.
    customMessageDelay: () => 300,
  },
  document.getElementById("webchat")
);

// The widget's quick-reply buttons are plain <div>s: make them reachable and
// usable with the keyboard (Tab, then Enter or Space); after one, the text box has the focus.
function focusInput() {
  setTimeout(() => document.querySelector(".rw-new-message")?.focus(), 0);
}

function makeRepliesKeyboardFriendly(root) {
  root.querySelectorAll(".rw-reply:not([tabindex])").forEach((reply) => {
    reply.setAttribute("role", "button");
    reply.setAttribute("tabindex", "0");
    reply.addEventListener("click", focusInput);
    reply.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        reply.click();
      }
    });
  });
}

// Names for the widget's controls, and its messages in a live region, so that a screen
// reader can use the chat and hears each reply (the widget sets none of these).
function nameControls(root) {
  const set = (selector, attributes) => root.querySelectorAll(selector).forEach((node) =>
    Object.entries(attributes).forEach(([name, value]) => node.getAttribute(name) !== value && node.setAttribute(name, value)));
  set(".rw-send", { "aria-label": "Send" });
  set(".rw-new-message", { "aria-label": "Your message" });
  // Focusable, so that the conversation can be scrolled with the keyboard.
  set(".rw-messages-container", { role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
}

new MutationObserver(() => {
  makeRepliesKeyboardFriendly(document);
  nameControls(document);
}).observe(document.body, { childList: true, subtree: true });

// "Print / save my plan": the latest plan or referral the assistant gave (from its
// first line to its sources), printed alone, under a title and the date, by the print
// stylesheet (page.css). The button shows once a whole plan is on screen.
const PLAN_STARTS = ["Here is your plan", "here is your plan, updated", "Your plan\n", "Please see a doctor:",
  "What I understood you have:"];
const printButton = document.getElementById("print-plan");

function latestPlan() {
  const said = [...document.querySelectorAll("#webchat .rw-response")].map((node) => node.innerText.trim());
  const start = said.map((text, index) => (PLAN_STARTS.some((mark) => text.includes(mark)) ? index : -1))
    .filter((index) => index >= 0).pop();
  if (start === undefined) return null;
  const end = said.findIndex((text, index) => index >= start && text.includes("Sources:"));
  return end === -1 ? null : said.slice(start, end + 1); // not until the plan has arrived in full
}

function printPlan() {
  const plan = latestPlan();
  if (!plan) return;
  const printed = document.getElementById("printed-plan");
  const title = Object.assign(document.createElement("h1"), { innerText: "Twitching legs: your magnesium guidance" });
  const date = Object.assign(document.createElement("p"), {
    innerText: `Printed ${new Date().toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric" })}`
      + " - health information from one guide, not a diagnosis.",
  });
  printed.replaceChildren(title, date,
    ...plan.map((text) => Object.assign(document.createElement("p"), { innerText: text })));
  window.print();
}

printButton.addEventListener("click", printPlan);
new MutationObserver(() => { printButton.hidden = latestPlan() === null; }).observe(document.getElementById("webchat"), {
  childList: true,
  subtree: true,
});
