// Opens the rasa-webchat widget embedded in the page; it greets the visitor on connect.
WebChat.default(
  {
    selector: "#webchat",
    initPayload: "/greet",
    socketUrl: window.CHAT_CONFIG.socketUrl,
    socketPath: "/socket.io/",
    title: "Twitching legs helper",
    subtitle: "Magnesium guidance, with sources",
    inputTextFieldHint: "Type your message...",
    embedded: true,
    showMessageDate: false,
    params: { storage: "session" },
  },
  null
);
