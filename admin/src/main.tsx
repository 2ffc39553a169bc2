import { render } from "preact";
import { prefetch } from "./api.ts";
import { App } from "./app.tsx";
import "./styles.css";

// The overview is the usual first screen: ask for its data alongside the identity check.
if (window.location.pathname === "/") prefetch(["/me", "/platforms", "/queues"]);

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
