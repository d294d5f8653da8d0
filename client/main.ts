// Client entry point (the screens come with the client issue).
const app = document.getElementById("app");
if (app) app.textContent = "Creative Quarter";
