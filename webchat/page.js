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
    // The default waits up to 3 s per message; a plan has several.
    customMessageDelay: () => 300,
  },
  document.getElementById("webchat")
);

// The widget's quick-reply buttons are plain <div>s: make them reachable and
// usable with the keyboard (Tab, then Enter or Space).
function makeRepliesKeyboardFriendly(root) {
  root.querySelectorAll(".rw-reply:not([tabindex])").forEach((reply) => {
    reply.setAttribute("role", "button");
    reply.setAttribute("tabindex", "0");
    reply.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        reply.click();
      }
    });
  });
}
new MutationObserver(() => makeRepliesKeyboardFriendly(document)).observe(document.body, {
  childList: true,
  subtree: true,
});

// "Print / save my plan": the latest plan the assistant gave (from its first
// line to its sources), printed alone by the print stylesheet (page.css). The
// button shows once a whole plan is on screen.
const PLAN_STARTS = ["Here is your plan", "here is your plan, updated", "Your plan\n"];
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
  printed.replaceChildren(...plan.map((text) => Object.assign(document.createElement("p"), { innerText: text })));
  window.print();
}

printButton.addEventListener("click", printPlan);
new MutationObserver(() => { printButton.hidden = latestPlan() === null; }).observe(document.getElementById("webchat"), {
  childList: true,
  subtree: true,
});
