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
